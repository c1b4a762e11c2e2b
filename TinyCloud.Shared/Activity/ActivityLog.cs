using Azure;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// Where every event site records what happened: one insert into <c>activity</c>, in the request that caused it, then
/// the user's dispatch flag (<see cref="DispatchFlags"/>) and, when no dispatch of the user's events is queued yet, one
/// message on the events queue. A queue that is down costs the request nothing: the event stays pending and
/// TempCleanup enqueues it (<see cref="RedispatchAsync"/>).
/// </summary>
public sealed class ActivityLog(
    ActivityStore store, DispatchFlags flags, EventQueue queue, Microsoft.Extensions.Options.IOptions<ActivityOptions> options, TimeProvider clock,
    ILogger<ActivityLog> logger) : IQuotaLineWatcher
{
    public async Task<ActivityEvent> RecordAsync(long userId, string kind, ActivityDetails? details, CancellationToken ct)
    {
        var activity = await store.InsertAsync(userId, kind, details, ct);
        if (!await flags.TryRaiseAsync(userId, ct))
            return activity; // a dispatch is queued, and lowers the flag before it looks: it will see this event
        try
        {
            await queue.SendAsync(EventMessage.ForUser(userId), TimeSpan.Zero, ct);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Event {EventId} recorded but not queued; TempCleanup will queue it", activity.EventId);
            await flags.LowerAsync(userId, CancellationToken.None); // the next event tries the queue again
        }
        return activity;
    }

    /// <summary>
    /// The "quota above 90 %" event, told by the one quota settle that crossed the line (<see cref="QuotaStore"/>). The
    /// upload or copy is made by then: a failure to record is logged, not thrown.
    /// </summary>
    public async Task CrossedAsync(long userId, long usedBytes, long quotaBytes)
    {
        try
        {
            await RecordAsync(userId, ActivityKinds.QuotaAbove90, new ActivityDetails(Detail: $"{usedBytes} of {quotaBytes} bytes used"), CancellationToken.None);
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            logger.LogWarning(ex, "The quota warning of user {UserId} was not recorded", userId);
        }
    }

    /// <summary>
    /// TempCleanup's step: queues a dispatch for the users of every event written more than
    /// <see cref="ActivityOptions.RedispatchAfterSeconds"/> ago and still not dispatched (a crash between the write
    /// and the enqueue, a queue that was down), looking at up to <paramref name="limit"/> events; answers how many.
    /// A copy for a user whose message is merely slow does nothing twice: the dispatcher claims events.
    /// </summary>
    public async Task<int> RedispatchAsync(int limit, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.Value.RedispatchAfterSeconds);
        var events = await store.UndispatchedAsync(before, limit, ct);
        foreach (var userId in events.Distinct())
            await queue.SendAsync(EventMessage.ForUser(userId), TimeSpan.Zero, ct);
        return events.Count;
    }
}

/// <summary>
/// Failed sign-ins per account (<c>activity_bursts</c>): the <see cref="ActivityOptions.FailureBurst"/>th failure in a
/// window is reported once, as one event, however many follow in that window.
/// </summary>
public sealed class FailureBursts(IMongoDatabase db, Microsoft.Extensions.Options.IOptions<ActivityOptions> options, TimeProvider clock)
{
    private readonly IMongoCollection<BurstCounter> _counters = db.GetCollection<BurstCounter>("activity_bursts");

    /// <summary>Counts one failure; true exactly when this one completes a burst.</summary>
    public async Task<bool> FailedAsync(long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var window = TimeSpan.FromMinutes(options.Value.FailureBurstMinutes);
        var id = $"signin:{userId}";
        // A lapsed window starts over (at most one writer wins the reset; the others count in the new window).
        await _counters.UpdateOneAsync(c => c.Id == id && c.WindowEnds < now,
            Builders<BurstCounter>.Update.Set(c => c.Count, 0).Set(c => c.WindowEnds, now + window), cancellationToken: ct);
        var counter = await _counters.FindOneAndUpdateAsync<BurstCounter>(c => c.Id == id,
            Builders<BurstCounter>.Update.Inc(c => c.Count, 1).SetOnInsert(c => c.WindowEnds, now + window),
            new FindOneAndUpdateOptions<BurstCounter> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, ct);
        return counter.Count == options.Value.FailureBurst;
    }

    public Task DeleteForUserAsync(long userId, CancellationToken ct) => _counters.DeleteOneAsync(c => c.Id == $"signin:{userId}", ct);
}

public sealed class BurstCounter
{
    public string Id { get; set; } = "";
    public int Count { get; set; }
    public DateTime WindowEnds { get; set; }
}
