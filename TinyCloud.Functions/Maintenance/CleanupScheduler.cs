using Microsoft.Extensions.Options;
using NCrontab;
using TinyCloud.Shared.Maintenance;

namespace TinyCloud.Functions.Maintenance;

/// <summary>
/// Runs the cleanup job at each occurrence of <c>Cleanup:Schedule</c> (UTC) when the worker runs on its own. Under
/// the Functions host the timer trigger invokes <see cref="TempCleanup"/> instead, so this stays idle there.
/// </summary>
public sealed class CleanupScheduler(
    CleanupJob job, IOptions<CleanupOptions> options, IConfiguration configuration, TimeProvider clock,
    ILogger<CleanupScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration.UnderFunctionsHost())
            return;
        var schedule = options.Value.TryParseSchedule()!;
        var next = NextOccurrence(schedule, clock.GetUtcNow());
        logger.LogInformation("Cleanup runs in-process on {Schedule}; next at {Next:o}", options.Value.Schedule, next);
        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitUntilAsync(next, stoppingToken);
            await RunAsync(stoppingToken);
            // Occurrences that passed while the job ran are skipped rather than run back to back.
            var now = clock.GetUtcNow();
            next = NextOccurrence(schedule, now > next ? now : next);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextOccurrence(CrontabSchedule schedule, DateTimeOffset after) =>
        new(DateTime.SpecifyKind(schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    // The clock is read again after every wait: a timer may fire early, the clock may be adjusted, and a single
    // Task.Delay cannot span more than about 49 days.
    private async Task WaitUntilAsync(DateTimeOffset at, CancellationToken ct)
    {
        for (var left = at - clock.GetUtcNow(); left > TimeSpan.Zero; left = at - clock.GetUtcNow())
            await Task.Delay(left < LongestWait ? left : LongestWait, clock, ct);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await job.TryRunAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Scheduled cleanup failed; the next occurrence runs it again");
        }
    }
}
