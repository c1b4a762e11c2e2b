namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// What one TempCleanup run may spend: at most <see cref="CleanupOptions.MaxRequestUnitsPerRun"/> estimated Cosmos DB
/// request units in all, no faster than <see cref="CleanupOptions.RequestUnitsPerSecond"/> on average (so live requests
/// keep most of the throughput), and no longer than <paramref name="maxDuration"/> (so the host never kills a run at its
/// function timeout, nor Azure's front end an admin run at 230 s). Steps charge each page they read or write and stop
/// when the budget is spent; the next run resumes where they stopped.
/// </summary>
public sealed class CleanupBudget(double maxPerRun, double perSecond, TimeSpan maxDuration, TimeProvider clock)
{
    private readonly long _started = clock.GetTimestamp();

    public double Spent { get; private set; }

    public bool Exhausted => Spent >= maxPerRun || clock.GetElapsedTime(_started) >= maxDuration;

    /// <summary>Charges <paramref name="units"/>, then waits as long as the pace asks (never past the time limit); false once the budget is spent.</summary>
    public async Task<bool> SpendAsync(double units, CancellationToken ct)
    {
        Spent += units;
        if (perSecond > 0)
        {
            var elapsed = clock.GetElapsedTime(_started);
            var ahead = TimeSpan.FromSeconds(Spent / perSecond) - elapsed;
            if (ahead > maxDuration - elapsed)
                ahead = maxDuration - elapsed;
            if (ahead > TimeSpan.Zero)
                await Task.Delay(ahead, clock, ct);
        }
        return !Exhausted;
    }
}

/// <summary>
/// Estimated request units of the calls cleanup makes, after Microsoft's guidance for Cosmos DB (a 1 KB point read is
/// 1 RU, a 1 KB write about 5.5 RU plus its index updates): entries and users are well under 1 KB. The stand-in's
/// meter (tests/mongo-standin, bench/ru-bench.sh) measures the real figures these stand for.
/// </summary>
public static class RequestUnits
{
    public static double Query(int documents) => 2 + documents;

    public static double Writes(long documents) => 10 * documents;
}
