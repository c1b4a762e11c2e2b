using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

/// <summary>A count per fixed window: one conditional upsert admits an attempt while the count is under the limit.</summary>
internal static class FixedWindow
{
    public static async Task<TimeSpan?> TryAdmitAsync(
        IMongoCollection<ThrottleCounter> counters, string key, int limit, TimeSpan window, TimeProvider clock, CancellationToken ct)
    {
        var (id, end, now) = Bucket(key, window, clock);
        try
        {
            // Under the limit: +1. At the limit: the filter misses, the upsert's insert hits the _id, and nothing changes.
            await counters.UpdateOneAsync(c => c.Id == id && c.Count < limit,
                Builders<ThrottleCounter>.Update.Inc(c => c.Count, 1).SetOnInsert(c => c.ExpiresAt, end),
                new UpdateOptions { IsUpsert = true }, ct);
            return null;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return end - now;
        }
    }

    public static Task UncountAsync(
        IMongoCollection<ThrottleCounter> counters, string key, TimeSpan window, TimeProvider clock, CancellationToken ct)
    {
        var (id, _, _) = Bucket(key, window, clock);
        return counters.UpdateOneAsync(c => c.Id == id && c.Count > 0, Builders<ThrottleCounter>.Update.Inc(c => c.Count, -1),
            cancellationToken: CancellationToken.None);
    }

    private static (string Id, DateTime End, DateTime Now) Bucket(string key, TimeSpan window, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var bucket = now.Ticks / window.Ticks;
        return ($"{key}:{bucket}", new DateTime((bucket + 1) * window.Ticks, DateTimeKind.Utc), now);
    }
}

/// <summary>
/// Per email and address: the first attempts are free, then each needs the previous delay doubled. Compare-and-set on
/// the count, so of several parallel attempts exactly one gets each place in the sequence.
/// </summary>
internal static class PairBackoff
{
    public static async Task<TimeSpan?> TryAdmitAsync(
        IMongoCollection<ThrottleCounter> counters, string id, LoginOptions limits, TimeProvider clock, CancellationToken ct)
    {
        for (var round = 0; round < 2 * limits.FreeFailuresPerPair + 2; round++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var current = await counters.Find(c => c.Id == id).FirstOrDefaultAsync(ct);
            var count = current is null || current.ExpiresAt <= now ? 0 : current.Count;
            if (count >= limits.FreeFailuresPerPair && current!.BlockedUntil > now)
                return current.BlockedUntil - now;

            var next = count + 1;
            var blockedUntil = next >= limits.FreeFailuresPerPair ? now + Delay(next - limits.FreeFailuresPerPair, limits) : now;
            var counter = new ThrottleCounter { Id = id, Count = next, BlockedUntil = blockedUntil, ExpiresAt = blockedUntil + limits.PairMemory };
            if (current is null)
            {
                try
                {
                    await counters.InsertOneAsync(counter, cancellationToken: ct);
                    return null;
                }
                catch (MongoException ex) when (ex.IsDuplicateKey())
                {
                    continue;
                }
            }
            var seen = current.Count;
            if ((await counters.ReplaceOneAsync(c => c.Id == id && c.Count == seen, counter, cancellationToken: ct)).ModifiedCount == 1)
                return null;
        }
        return TimeSpan.FromSeconds(1); // so contended that every round lost: as good as throttled
    }

    /// <summary>Takes back an attempt that a later counter refused, so it is not held against the pair.</summary>
    public static Task ForgetOneAsync(IMongoCollection<ThrottleCounter> counters, string id, CancellationToken ct) =>
        counters.UpdateOneAsync(c => c.Id == id && c.Count > 0, Builders<ThrottleCounter>.Update.Inc(c => c.Count, -1),
            cancellationToken: CancellationToken.None);

    private static TimeSpan Delay(int doublings, LoginOptions limits) =>
        TimeSpan.FromTicks(Math.Min(limits.MaxBackoff.Ticks, limits.FirstBackoff.Ticks << Math.Min(doublings, 20)));
}

/// <summary>Runs a purge of expired documents at most once a minute per process: cleanup without a TTL index.</summary>
internal sealed class ExpiredPurge(TimeProvider clock)
{
    private long _nextTicks;

    public async Task RunAsync(Func<DateTime, Task> purge)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var next = Interlocked.Read(ref _nextTicks);
        if (now.Ticks < next || Interlocked.CompareExchange(ref _nextTicks, now.AddMinutes(1).Ticks, next) != next)
            return;
        await purge(now);
    }
}
