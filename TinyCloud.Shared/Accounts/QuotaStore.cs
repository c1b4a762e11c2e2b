using MongoDB.Driver;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// Told when a settled upload or copy took a user's use across <see cref="QuotaStore.WarningShare"/> of their quota:
/// once per crossing, by the one settle that crossed it, however many run at once.
/// </summary>
public interface IQuotaLineWatcher
{
    Task CrossedAsync(long userId, long usedBytes, long quotaBytes);
}

/// <summary>
/// The quota counters of a user document. Every change is one single-document atomic update; a reservation is
/// conditional on <c>free_bytes</c>, so concurrent uploads can never overshoot the quota.
/// </summary>
public sealed class QuotaStore(IMongoDatabase db, IEnumerable<IQuotaLineWatcher> watchers)
{
    /// <summary>The share of the quota past which the user is warned (90 %).</summary>
    public const double WarningShare = 0.9;

    private static readonly UpdateDefinitionBuilder<UserDocument> Update = Builders<UserDocument>.Update;
    private readonly IMongoCollection<UserDocument> _users = db.GetCollection<UserDocument>(UserStore.CollectionName);

    public async Task<bool> TryReserveAsync(long userId, long bytes, CancellationToken ct) =>
        bytes == 0 || (await _users.UpdateOneAsync(u => u.Id == userId && u.FreeBytes >= bytes,
            Changed.Inc(u => u.FreeBytes, -bytes).Inc(u => u.ReservedBytes, bytes), cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>Reserves <paramref name="wanted"/> bytes, or all the free space if less is left; returns what was reserved.</summary>
    public async Task<long> ReserveUpToAsync(long userId, long wanted, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var free = await _users.Find(u => u.Id == userId).Project(u => u.FreeBytes).FirstOrDefaultAsync(ct);
            var bytes = Math.Clamp(free, 0, wanted);
            if (await TryReserveAsync(userId, bytes, ct))
                return bytes;
        }
        return 0; // heavy contention: behave as if nothing were free rather than spin
    }

    /// <summary>A reservation becomes usage of <paramref name="used"/> bytes (at most the reservation); the rest is freed.</summary>
    public Task SettleAsync(long userId, long reserved, long used, CancellationToken ct) =>
        _users.UpdateOneAsync(u => u.Id == userId, Changed
            .Inc(u => u.ReservedBytes, -reserved).Inc(u => u.UsedBytes, used).Inc(u => u.FreeBytes, reserved - used),
            cancellationToken: ct);

    /// <summary>
    /// As <see cref="SettleAsync"/>, at most once per upload: the user document remembers the last uploads it settled,
    /// so an update whose answer was lost (a stalled database) can be sent again without charging twice.
    /// </summary>
    /// <remarks>
    /// The update answers the counters as they were just before it (one round trip, as an update): updates of one
    /// document are applied one after another, so exactly one settle sees its own increment take the use across the
    /// warning line, and that one tells the watchers.
    /// </remarks>
    public async Task SettleOnceAsync(long userId, MongoDB.Bson.ObjectId upload, long reserved, long used, CancellationToken ct)
    {
        var before = await _users.FindOneAndUpdateAsync<UserDocument>(u => u.Id == userId && !u.SettledUploads!.Contains(upload), Changed
            .Inc(u => u.ReservedBytes, -reserved).Inc(u => u.UsedBytes, used).Inc(u => u.FreeBytes, reserved - used)
            .PushEach(u => u.SettledUploads, [upload], slice: -SettledUploadsKept),
            new FindOneAndUpdateOptions<UserDocument> { ReturnDocument = ReturnDocument.Before }, ct);
        if (before is { QuotaBytes: > 0 } && used > 0 && Crosses(before.UsedBytes, before.UsedBytes + used, before.QuotaBytes))
            foreach (var watcher in watchers)
                await watcher.CrossedAsync(userId, before.UsedBytes + used, before.QuotaBytes);
    }

    public static bool Crosses(long usedBefore, long usedAfter, long quota) =>
        usedBefore < quota * WarningShare && usedAfter >= quota * WarningShare;

    public const int SettledUploadsKept = 20;

    public Task ReleaseAsync(long userId, long reserved, CancellationToken ct) => reserved == 0
        ? Task.CompletedTask
        : _users.UpdateOneAsync(u => u.Id == userId,
            Changed.Inc(u => u.ReservedBytes, -reserved).Inc(u => u.FreeBytes, reserved), cancellationToken: ct);

    /// <summary>Gives back what deleted files had charged.</summary>
    public Task FreeAsync(long userId, long used, CancellationToken ct) => used == 0
        ? Task.CompletedTask
        : _users.UpdateOneAsync(u => u.Id == userId,
            Changed.Inc(u => u.UsedBytes, -used).Inc(u => u.FreeBytes, used), cancellationToken: ct);

    /// <summary>Flags the user for TempCleanup's quota step before entries change ahead of the counters (a removal).</summary>
    public Task MarkChangedAsync(long userId, CancellationToken ct) =>
        _users.UpdateOneAsync(u => u.Id == userId, Changed, cancellationToken: ct);

    private static UpdateDefinition<UserDocument> Changed => Update.Set(u => u.QuotaChanged, true);
}
