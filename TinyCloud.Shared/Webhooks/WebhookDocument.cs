using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace TinyCloud.Shared.Webhooks;

/// <summary>One endpoint a user registered (<c>webhooks</c>): where, which event kinds (none = all), its signing secret.</summary>
public sealed class WebhookDocument
{
    public string Id { get; set; } = "";
    public long UserId { get; set; }
    public string Url { get; set; } = "";
    public List<string> Events { get; set; } = [];
    /// <summary><c>whsec_</c> + base64 of 32 random bytes: shown once at creation, kept to sign with.</summary>
    public string Secret { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public int ConsecutiveFailures { get; set; }
    [BsonIgnoreIfNull] public DateTime? DisabledAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool Wants(string kind) => Events.Count == 0 || Events.Contains(kind);
}

/// <summary>One attempt to deliver one event to one endpoint (<c>webhook_deliveries</c>), for the user's delivery log.</summary>
public sealed class WebhookDeliveryRecord
{
    public ObjectId Id { get; set; }
    public string WebhookId { get; set; } = "";
    public long UserId { get; set; }
    public string EventId { get; set; } = "";
    public string EventType { get; set; } = "";
    public int Attempt { get; set; }
    public bool Succeeded { get; set; }
    [BsonIgnoreIfNull] public int? Status { get; set; }
    [BsonIgnoreIfNull] public string? Error { get; set; }
    public long LatencyMs { get; set; }
    public DateTime At { get; set; }
    /// <summary>When the next attempt is due (null: none; delivered, given up or the endpoint disabled).</summary>
    [BsonIgnoreIfNull] public DateTime? NextAttemptAt { get; set; }
}
