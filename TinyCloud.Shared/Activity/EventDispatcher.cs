using System.Text.Json;
using MongoDB.Bson;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// What the queue trigger does with a message. A user's message sweeps that user's pending events in batches: each
/// batch is claimed (so a re-delivered message, a second dispatcher or TempCleanup's copy does nothing twice), mailed
/// where the owner asked, and delivered to every matching enabled endpoint at once (the first attempt, in this
/// invocation: no message per delivery); then marked dispatched. Only failed deliveries become messages of their own.
/// Unexpected failures give the batch back and throw, and the host retries the message (then poisons it).
/// </summary>
public sealed class EventDispatcher(
    ActivityStore store, DispatchFlags flags, EventQueue queue, UserStore users, NotificationSettings notifications, LinkMailWindows windows,
    ActivityMail mail, WebhookStore webhooks, WebhookDeliverer deliverer, IOptions<ActivityOptions> options, ILogger<EventDispatcher> logger)
{
    /// <summary>How long a batch is held: well beyond what it may take (<see cref="WebhookDeliverer.InlineBudget"/> plus one timeout).</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(3);
    public const int BatchSize = 50;
    /// <summary>Batches one message sweeps; more pending events than that go on in a message of their own.</summary>
    public const int BatchesPerMessage = 4;

    public async Task HandleAsync(string text, CancellationToken ct)
    {
        var message = EventMessage.Parse(text);
        ObjectId id = default;
        var valid = message switch
        {
            { Type: EventMessage.User, UserId: not null } => true,
            { Type: EventMessage.Fanout or EventMessage.LinkMail, EventId: { } eventId } => ActivityEvent.TryParseEventId(eventId, out id),
            { Type: EventMessage.Delivery, EventId: { } eventId, WebhookId: not null } => ActivityEvent.TryParseEventId(eventId, out id),
            _ => false,
        };
        if (!valid)
            // Failing leaves it to the host: retried, then kept in the poison queue for someone to look at.
            throw new InvalidDataException("This events queue message is not one of ours: " + (text.Length > 100 ? text[..100] : text));
        switch (message!.Type)
        {
            case EventMessage.User:
                await SweepAsync(message.UserId!.Value, ct);
                break;
            case EventMessage.Fanout when await store.FindAsync(id, ct) is { Pending: true } activity:
                await SweepAsync(activity.UserId, ct);
                break;
            case EventMessage.Delivery:
                await deliverer.AttemptAsync(id, message.WebhookId!, Math.Max(1, message.Attempt), ct);
                break;
            case EventMessage.LinkMail:
                await LinkSummaryAsync(id, ct);
                break;
        }
    }

    /// <summary>Lowers the user's flag first (see <see cref="DispatchFlags"/>), then dispatches what is pending.</summary>
    private async Task SweepAsync(long userId, CancellationToken ct)
    {
        await flags.LowerAsync(userId, ct);
        for (var round = 0; round < BatchesPerMessage; round++)
        {
            var batch = await store.ClaimPendingAsync(userId, BatchSize, ClaimFor, ct);
            if (batch.Count == 0)
                return;
            try
            {
                await DispatchAsync(userId, batch, ct);
            }
            catch
            {
                await store.ReleaseAsync(batch.Select(e => e.Id), CancellationToken.None);
                throw;
            }
            await store.DispatchedAsync(batch.Select(e => e.Id), ct);
            if (batch.Count < BatchSize)
                return;
        }
        logger.LogInformation("More than {Count} events of user {UserId} pending; the rest go on in a new message", BatchSize * BatchesPerMessage, userId);
        await queue.SendAsync(EventMessage.ForUser(userId), TimeSpan.Zero, ct);
    }

    private async Task DispatchAsync(long userId, List<ActivityEvent> batch, CancellationToken ct)
    {
        if (await users.FindByIdAsync(userId, ct) is not { Closing: null } user)
            return;
        var mailed = await notifications.ForUserAsync(userId, ct);
        foreach (var activity in batch.Where(e => mailed.GetValueOrDefault(e.Kind)))
            await MailAsync(user, activity, ct);
        var hooks = (await webhooks.ListAsync(userId, ct)).Where(h => h.Enabled).ToList();
        await Task.WhenAll(hooks.Select(hook => deliverer.DeliverAsync(hook,
            batch.Where(e => e.OnlyWebhook is null ? hook.Wants(e.Kind) : e.OnlyWebhook == hook.Id).ToList(), ct)));
    }

    private async Task MailAsync(UserDocument user, ActivityEvent activity, CancellationToken ct)
    {
        if (!ActivityKinds.Batched.Contains(activity.Kind) || activity.Link is null)
        {
            await mail.EventAsync(user, activity, ct);
            return;
        }
        var period = TimeSpan.FromSeconds(options.Value.LinkMailSeconds);
        switch (await windows.TakeAsync(user.Id, activity.Link, activity.Kind, period, ct))
        {
            case { } wait when wait <= TimeSpan.Zero:
                await store.MarkMailedAsync(activity.Id, ct);
                await mail.EventAsync(user, activity, ct);
                break;
            case { } wait:
                await queue.SendAsync(new EventMessage(EventMessage.LinkMail, activity.EventId), wait, ct);
                break;
        }
    }

    private async Task LinkSummaryAsync(ObjectId id, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { Link: { } link } activity || await users.FindByIdAsync(activity.UserId, ct) is not { Closing: null } user)
            return;
        var period = TimeSpan.FromSeconds(options.Value.LinkMailSeconds);
        if (await windows.SummarySentAsync(user.Id, link, activity.Kind, period, ct) is not { } window)
            return;
        // Every event of the link not told yet, from one period before the last mail (an event fanned out after a later
        // one was mailed is still counted); none when they all were.
        var count = await store.TakeUnmailedLinkEventsAsync(user.Id, activity.Kind, link, window.LastMailAt - period, ct);
        if (count > 0)
            await mail.LinkSummaryAsync(user, activity, count, window.LastMailAt, ct);
    }

    /// <summary>The JSON body a webhook receives: Standard Webhooks' <c>type</c>, <c>timestamp</c>, <c>data</c>.</summary>
    public static string Payload(ActivityEvent e) => JsonSerializer.Serialize(new
    {
        type = e.Kind,
        timestamp = e.At.ToString("O"),
        data = new { event_id = e.EventId, user_id = e.UserId, link = e.Link, path = e.Path, address = e.Address, user_agent = e.UserAgent, detail = e.Detail },
    });
}
