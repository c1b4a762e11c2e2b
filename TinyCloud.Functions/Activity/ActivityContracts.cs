using TinyCloud.Functions.Http;
using TinyCloud.Shared.Activity;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Functions.Activity;

/// <summary>
/// list-activity's filters, each optional: <c>kinds</c> (any of them), <c>from</c> (inclusive) and <c>to</c>
/// (exclusive), <c>link</c> (a hashed link), <c>cursor</c> (the previous page's <c>next_cursor</c>), <c>limit</c> 1–200 (50).
/// </summary>
public sealed record ListActivityRequest(
    string[]? Kinds = null, DateTime? From = null, DateTime? To = null, string? Link = null, string? Cursor = null, int? Limit = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Kinds is { } kinds && kinds.FirstOrDefault(k => !ActivityKinds.All.Contains(k)) is { } unknown)
            yield return new("kinds", $"kinds: '{unknown}' is not an event kind; the kinds are {string.Join(", ", ActivityKinds.All)}.");
        if (From is { } from && To is { } to && from >= to)
            yield return new("to", "to must be after from.");
        if (Link is { Length: 0 or > 100 })
            yield return new("link", "link must be a hashed link of yours.");
        if (Cursor is { } cursor && !MongoDB.Bson.ObjectId.TryParse(cursor, out _))
            yield return new("cursor", "cursor must be the next_cursor of a previous page.");
        if (Limit is < 1 or > 200)
            yield return new("limit", "limit must be 1–200.");
    }
}

/// <summary>One event: <c>event_id</c> is what webhooks carry as <c>webhook-id</c>.</summary>
public sealed record ActivityView(string EventId, string Kind, DateTime At, string? Path, string? Link, string? Address, string? UserAgent, string? Detail)
{
    public static ActivityView From(ActivityEvent e) => new(e.EventId, e.Kind, e.At, e.Path, e.Link, e.Address, e.UserAgent, e.Detail);
}

public sealed record ActivityResponse(IReadOnlyList<ActivityView> Events, string? NextCursor) : Success;

/// <summary>A new endpoint: an https URL and the event kinds it wants (empty or left out: every kind).</summary>
public sealed record CreateWebhookRequest(string Url, string[]? Events = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Url.Length is 0 or > 2000)
            yield return new("url", "url is required: an https:// URL of at most 2000 characters.");
        if (Events is { } events && events.FirstOrDefault(k => !ActivityKinds.All.Contains(k)) is { } unknown)
            yield return new("events", $"events: '{unknown}' is not an event kind; the kinds are {string.Join(", ", ActivityKinds.All)}.");
    }
}

public sealed record WebhookIdRequest(string WebhookId, bool? Enabled = null, string? Cursor = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (WebhookId.Length is 0 or > 40)
            yield return new("webhook_id", "webhook_id must be the id of one of your webhooks.");
        if (Cursor is { } cursor && !MongoDB.Bson.ObjectId.TryParse(cursor, out _))
            yield return new("cursor", "cursor must be the next_cursor of a previous page.");
    }
}

/// <summary>An endpoint as its owner sees it: never its secret.</summary>
public sealed record WebhookView(string WebhookId, string Url, IReadOnlyList<string> Events, bool Enabled, int ConsecutiveFailures, DateTime CreatedAt, DateTime? DisabledAt)
{
    public static WebhookView From(WebhookDocument h) => new(h.Id, h.Url, h.Events, h.Enabled, h.ConsecutiveFailures, h.CreatedAt, h.DisabledAt);
}

/// <summary>The signing secret, shown this once.</summary>
public sealed record CreateWebhookResponse(WebhookView Webhook, string Secret) : Success;

public sealed record WebhooksResponse(IReadOnlyList<WebhookView> Webhooks) : Success;

public sealed record DeliveryView(string EventId, string EventType, int Attempt, bool Succeeded, int? Status, string? Error, long LatencyMs, DateTime At, DateTime? NextAttemptAt)
{
    public static DeliveryView From(WebhookDeliveryRecord d) => new(d.EventId, d.EventType, d.Attempt, d.Succeeded, d.Status, d.Error, d.LatencyMs, d.At, d.NextAttemptAt);
}

public sealed record DeliveriesResponse(IReadOnlyList<DeliveryView> Deliveries, string? NextCursor) : Success;

public sealed record TestEventResponse(string EventId) : Success;

/// <summary>Mail per event kind: true to be mailed. Kinds left out keep their setting.</summary>
public sealed record NotificationSettingsRequest(Dictionary<string, bool> Mail) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Mail.Keys.FirstOrDefault(k => !NotificationSettings.Choosable.Contains(k)) is { } unknown)
            yield return new("mail", $"mail: '{unknown}' is not a kind you can choose; they are {string.Join(", ", NotificationSettings.Choosable)}.");
    }
}

public sealed record NotificationSettingsResponse(IReadOnlyDictionary<string, bool> Mail) : Success;
