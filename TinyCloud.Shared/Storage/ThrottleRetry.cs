namespace TinyCloud.Shared.Storage;

/// <summary>
/// Retries a MongoDB call the server throttled (<see cref="Throttles"/>), with jittered exponential back-off that starts
/// from the server's suggested wait, for at most <paramref name="budget"/> per call. When the budget runs out the throttle
/// is rethrown and the request answers 429 with Retry-After. A throttled request was not executed, so retrying it is safe;
/// the only multi-document writes the app makes are idempotent (claims, deletes of claimed entries, migration updates).
/// </summary>
public sealed class ThrottleRetry(TimeSpan budget, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    public TimeSpan Budget => budget;

    public async Task RunAsync(Func<Task> call, CancellationToken ct) =>
        await RunAsync(async () => { await call().ConfigureAwait(false); return true; }, ct).ConfigureAwait(false);

    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        var started = _clock.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (Throttles.IsThrottle(ex) && Wait(ex, attempt) is var wait
                && _clock.GetElapsedTime(started) + wait <= budget)
            {
                await Task.Delay(wait, _clock, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Exponential from 25 ms, never below the server's suggestion, capped at 1 s; "equal jitter" (half fixed, half random).</summary>
    public static TimeSpan Wait(Exception ex, int attempt)
    {
        var exponential = FirstWait * Math.Pow(2, Math.Min(attempt, 10));
        var suggested = Throttles.SuggestedWait(ex) ?? TimeSpan.Zero;
        var wait = TimeSpan.FromTicks(Math.Min(Math.Max(exponential.Ticks, suggested.Ticks), LongestWait.Ticks));
        return wait / 2 + wait / 2 * Random.Shared.NextDouble();
    }
}
