using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// Whether a dispatch of a user's events is queued already (<c>event_dispatch</c>: one small document per user, keyed
/// by the user id). An event write inserts its event, then raises the flag, and enqueues a message only when it was the
/// one that raised it; the dispatcher lowers the flag before it sweeps the user's pending events. So a burst of events
/// costs one message, and no event is missed: one written before the lowering is seen by the sweep that follows it,
/// one written after raises the flag again. A raised flag expires after <see cref="HoldFor"/> (a worker that died
/// between raising it and enqueueing), and TempCleanup queues whatever stays pending meanwhile.
/// </summary>
public sealed class DispatchFlags(IMongoDatabase db, TimeProvider clock)
{
    public const string CollectionName = "event_dispatch";
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(2);
    private readonly IMongoCollection<DispatchFlag> _flags = db.GetCollection<DispatchFlag>(CollectionName);

    /// <summary>True when this call raised the flag (its caller enqueues the dispatch); false when one is queued already.</summary>
    public async Task<bool> TryRaiseAsync(long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            // Matches a lowered or expired flag; when the document is missing, the upsert creates it raised. A raised
            // one does not match, and the upsert's insert then collides with it on _id.
            await _flags.UpdateOneAsync(f => f.Id == userId && !(f.QueuedUntil > now),
                Builders<DispatchFlag>.Update.Set(f => f.QueuedUntil, now + HoldFor), new UpdateOptions { IsUpsert = true }, ct);
            return true;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return false;
        }
    }

    public Task LowerAsync(long userId, CancellationToken ct) =>
        _flags.UpdateOneAsync(f => f.Id == userId, Builders<DispatchFlag>.Update.Unset(f => f.QueuedUntil), cancellationToken: ct);

    public Task DeleteForUserAsync(long userId, CancellationToken ct) => _flags.DeleteOneAsync(f => f.Id == userId, ct);
}

public sealed class DispatchFlag
{
    public long Id { get; set; }
    [MongoDB.Bson.Serialization.Attributes.BsonIgnoreIfNull] public DateTime? QueuedUntil { get; set; }
}
