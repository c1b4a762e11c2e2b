using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// One thing that happened to an account (<c>activity</c> collection). The ObjectId orders events by time and is
/// the list cursor; <c>evt_{id}</c> is the event id webhooks carry for de-duplication. <see cref="Pending"/> is set
/// until the queue's dispatcher has fanned the event out (mail, webhooks), so TempCleanup finds what a crash left.
/// </summary>
public sealed class ActivityEvent
{
    public ObjectId Id { get; set; }
    public long UserId { get; set; }
    public string Kind { get; set; } = "";
    public DateTime At { get; set; }
    [BsonIgnoreIfNull] public string? Link { get; set; }
    [BsonIgnoreIfNull] public string? Path { get; set; }
    [BsonIgnoreIfNull] public string? Address { get; set; }
    [BsonIgnoreIfNull] public string? UserAgent { get; set; }
    /// <summary>A few words more (a token's name, a share's change, bytes received).</summary>
    [BsonIgnoreIfNull] public string? Detail { get; set; }
    /// <summary>A test event goes to this webhook only.</summary>
    [BsonIgnoreIfNull] public string? OnlyWebhook { get; set; }
    [BsonIgnoreIfNull] public bool? Pending { get; set; }
    /// <summary>A batched kind (a link's downloads, its received files): a mail has told the owner of this event.</summary>
    [BsonIgnoreIfNull] public bool? Mailed { get; set; }
    /// <summary>A dispatcher's claim on the pending event (until when, and whose), so two dispatchers never fan it out at once.</summary>
    [BsonIgnoreIfNull] public DateTime? ClaimedUntil { get; set; }
    [BsonIgnoreIfNull] public ObjectId? ClaimedBy { get; set; }

    public string EventId => "evt_" + Id;

    public static bool TryParseEventId(string eventId, out ObjectId id) =>
        ObjectId.TryParse(eventId.StartsWith("evt_", StringComparison.Ordinal) ? eventId[4..] : eventId, out id);
}

/// <summary>What an event site knows beyond the user and the kind.</summary>
public sealed record ActivityDetails(
    string? Link = null, string? Path = null, string? Address = null, string? UserAgent = null, string? Detail = null,
    string? OnlyWebhook = null);
