using MongoDB.Driver;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// The quota counters of a user document. Every change is one single-document atomic update; a reservation is
/// conditional on <c>free_bytes</c>, so concurrent uploads can never overshoot the quota.
/// </summary>
public sealed class QuotaStore(IMongoDatabase db)
{
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
    public Task SettleOnceAsync(long userId, MongoDB.Bson.ObjectId upload, long reserved, long used, CancellationToken ct) =>
        _users.UpdateOneAsync(u => u.Id == userId && !u.SettledUploads!.Contains(upload), Changed
            .Inc(u => u.ReservedBytes, -reserved).Inc(u => u.UsedBytes, used).Inc(u => u.FreeBytes, reserved - used)
            .PushEach(u => u.SettledUploads, [upload], slice: -SettledUploadsKept), cancellationToken: ct);

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
