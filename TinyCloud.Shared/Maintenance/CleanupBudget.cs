namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// What one TempCleanup run may spend, in estimated Cosmos DB request units: at most
/// <see cref="CleanupOptions.MaxRequestUnitsPerRun"/> in all, and no faster than
/// <see cref="CleanupOptions.RequestUnitsPerSecond"/> on average, so live requests keep most of the throughput. Steps
/// charge each page they read or write and stop when the run's budget is spent; the next run resumes where they stopped.
/// </summary>
public sealed class CleanupBudget(double maxPerRun, double perSecond, TimeProvider clock)
{
    private readonly long _started = clock.GetTimestamp();

    public static CleanupBudget Unlimited(TimeProvider clock) => new(double.PositiveInfinity, 0, clock);

    public double Spent { get; private set; }

    public bool Exhausted => Spent >= maxPerRun;

    /// <summary>Charges <paramref name="units"/>, then waits as long as the pace asks; false once the run's budget is spent.</summary>
    public async Task<bool> SpendAsync(double units, CancellationToken ct)
    {
        Spent += units;
        if (perSecond > 0)
        {
            var ahead = TimeSpan.FromSeconds(Spent / perSecond) - clock.GetElapsedTime(_started);
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
