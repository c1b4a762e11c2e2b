using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Activity;

/// <summary>A page of events, newest first, and the cursor of the next (older) page.</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityEvent> Events, string? Next);

/// <summary>The filters of list-activity; each is optional.</summary>
public sealed record ActivityQuery(long UserId, IReadOnlyList<string>? Kinds, DateTime? From, DateTime? To, string? Link, string? Before, int Limit);

/// <summary>
/// The <c>activity</c> collection: one document per event, kept <see cref="ActivityOptions.RetentionDays"/> by a TTL
/// index (on <c>at</c>; on Cosmos DB RU, which takes TTL only on <c>_ts</c>, on that: events are written once and only
/// their dispatch flags change, within seconds).
/// </summary>
public sealed class ActivityStore(IMongoDatabase db, IOptions<ActivityOptions> options, IOptions<MongoOptions> mongo, TimeProvider clock)
    : IHasIndexes
{
    public const string CollectionName = "activity";
    private static readonly FilterDefinitionBuilder<ActivityEvent> Filter = Builders<ActivityEvent>.Filter;
    private static readonly IndexKeysDefinitionBuilder<ActivityEvent> Keys = Builders<ActivityEvent>.IndexKeys;
    private readonly IMongoCollection<ActivityEvent> _events = db.GetCollection<ActivityEvent>(CollectionName);

    public Task EnsureIndexesAsync(CancellationToken ct)
    {
        var ttl = new CreateIndexOptions { ExpireAfter = options.Value.Retention, Name = "ttl" };
        var expiry = mongo.Value.EffectiveFlavor == MongoFlavors.CosmosRu
            ? new CreateIndexModel<ActivityEvent>(new BsonDocument("_ts", 1), ttl)
            : new CreateIndexModel<ActivityEvent>(Keys.Ascending(e => e.At), ttl);
        return _events.Indexes.CreateManyAsync(
        [
            expiry,
            // list-activity: a user's events newest first, all of them, of some kinds, or of one link.
            new CreateIndexModel<ActivityEvent>(Keys.Ascending(e => e.UserId).Descending(e => e.Id)),
            new CreateIndexModel<ActivityEvent>(Keys.Ascending(e => e.UserId).Ascending(e => e.Kind).Descending(e => e.Id)),
            new CreateIndexModel<ActivityEvent>(Keys.Ascending(e => e.UserId).Ascending(e => e.Link).Descending(e => e.Id)),
            // TempCleanup: events written but not dispatched; the dispatcher: one user's.
            new CreateIndexModel<ActivityEvent>(Keys.Ascending(e => e.Pending).Ascending(e => e.Id)),
            new CreateIndexModel<ActivityEvent>(Keys.Ascending(e => e.UserId).Ascending(e => e.Pending).Ascending(e => e.Id)),
        ], ct);
    }

    public async Task<ActivityEvent> InsertAsync(long userId, string kind, ActivityDetails? details, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activity = new ActivityEvent
        {
            Id = ObjectId.GenerateNewId(now.UtcDateTime), UserId = userId, Kind = kind, At = now.UtcDateTime, Pending = true,
            Link = details?.Link, Path = details?.Path, Address = details?.Address, UserAgent = details?.UserAgent,
            Detail = details?.Detail, OnlyWebhook = details?.OnlyWebhook,
        };
        await _events.InsertOneAsync(activity, cancellationToken: ct);
        return activity;
    }

    public async Task<ActivityEvent?> FindAsync(ObjectId id, CancellationToken ct) =>
        await _events.Find(e => e.Id == id).FirstOrDefaultAsync(ct);

    public async Task<ActivityPage> ListAsync(ActivityQuery query, CancellationToken ct)
    {
        var filter = Filter.Eq(e => e.UserId, query.UserId);
        if (query.Kinds is { Count: > 0 } kinds)
            filter &= Filter.In(e => e.Kind, kinds);
        if (query.Link is { } link)
            filter &= Filter.Eq(e => e.Link, link);
        if (query.From is { } from)
            filter &= Filter.Gte(e => e.Id, TimeBound(from));
        if (query.To is { } to)
            filter &= Filter.Lt(e => e.Id, TimeBound(to));
        if (query.Before is { } before && ObjectId.TryParse(before, out var cursor))
            filter &= Filter.Lt(e => e.Id, cursor);
        var events = await _events.Find(filter).SortByDescending(e => e.Id).Limit(query.Limit + 1).ToListAsync(ct);
        var more = events.Count > query.Limit;
        if (more)
            events.RemoveAt(events.Count - 1);
        return new ActivityPage(events, more ? events[^1].Id.ToString() : null);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> of a user's pending events, oldest first, that no other dispatcher holds
    /// (or whose claim lapsed): each is claimed by exactly one caller, so a re-delivered message, a second dispatcher
    /// or TempCleanup's copy never fans one out twice at once. Three round trips for the whole batch.
    /// </summary>
    public async Task<List<ActivityEvent>> ClaimPendingAsync(long userId, int limit, TimeSpan claimFor, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var free = Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.Pending, true)
            & (Filter.Exists(e => e.ClaimedUntil, false) | Filter.Lt(e => e.ClaimedUntil, now));
        var ids = await _events.Find(free).SortBy(e => e.UserId).ThenBy(e => e.Pending).ThenBy(e => e.Id).Limit(limit)
            .Project(e => e.Id).ToListAsync(ct);
        if (ids.Count == 0)
            return [];
        var token = ObjectId.GenerateNewId();
        // Each document is matched again as it is updated: one another dispatcher took meanwhile is left to it.
        await _events.UpdateManyAsync(free & Filter.In(e => e.Id, ids),
            Builders<ActivityEvent>.Update.Set(e => e.ClaimedUntil, now + claimFor).Set(e => e.ClaimedBy, token), cancellationToken: ct);
        return await _events.Find(Filter.In(e => e.Id, ids) & Filter.Eq(e => e.ClaimedBy, token)).SortBy(e => e.Id).ToListAsync(ct);
    }

    public Task DispatchedAsync(IEnumerable<ObjectId> ids, CancellationToken ct) => _events.UpdateManyAsync(Filter.In(e => e.Id, ids),
        Builders<ActivityEvent>.Update.Unset(e => e.Pending).Unset(e => e.ClaimedUntil).Unset(e => e.ClaimedBy), cancellationToken: ct);

    /// <summary>Gives claimed events back (a dispatch that failed part way), for the message's retry to take again.</summary>
    public Task ReleaseAsync(IEnumerable<ObjectId> ids, CancellationToken ct) => _events.UpdateManyAsync(
        Filter.In(e => e.Id, ids) & Filter.Eq(e => e.Pending, true),
        Builders<ActivityEvent>.Update.Unset(e => e.ClaimedUntil).Unset(e => e.ClaimedBy), cancellationToken: ct);

    /// <summary>The users of events written before <paramref name="olderThan"/> and still not dispatched, one per event, oldest first.</summary>
    public async Task<List<long>> UndispatchedAsync(DateTime olderThan, int limit, CancellationToken ct) =>
        await _events.Find(Filter.Eq(e => e.Pending, true) & Filter.Lt(e => e.Id, TimeBound(olderThan)))
            .SortBy(e => e.Pending).ThenBy(e => e.Id).Limit(limit).Project(e => e.UserId).ToListAsync(ct);

    /// <summary>Marks one event as told by a mail of its own.</summary>
    public Task MarkMailedAsync(ObjectId id, CancellationToken ct) =>
        _events.UpdateOneAsync(e => e.Id == id, Builders<ActivityEvent>.Update.Set(e => e.Mailed, true), cancellationToken: ct);

    /// <summary>
    /// Marks as mailed every event of one link and kind since <paramref name="since"/> that no mail told yet, and
    /// answers how many it marked: a summary counts exactly the events it takes, whatever order they were fanned out in.
    /// </summary>
    public async Task<long> TakeUnmailedLinkEventsAsync(long userId, string kind, string link, DateTime since, CancellationToken ct) =>
        (await _events.UpdateManyAsync(Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.Link, link) & Filter.Gte(e => e.Id, TimeBound(since))
            & Filter.Eq(e => e.Kind, kind) & Filter.Ne(e => e.Mailed, true), Builders<ActivityEvent>.Update.Set(e => e.Mailed, true), cancellationToken: ct)).ModifiedCount;

    public async Task<long> DeleteForUserAsync(long userId, CancellationToken ct) =>
        (await _events.DeleteManyAsync(e => e.UserId == userId, ct)).DeletedCount;

    /// <summary>The smallest ObjectId of that second: ids order events by time, so time ranges are id ranges.</summary>
    public static ObjectId TimeBound(DateTime time)
    {
        var bytes = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes,
            (uint)Math.Clamp(new DateTimeOffset(time.ToUniversalTime()).ToUnixTimeSeconds(), 0, uint.MaxValue));
        return new ObjectId(bytes);
    }
}
