using Microsoft.Azure.Functions.Worker;
using TinyCloud.Shared.Maintenance;

namespace TinyCloud.Functions.Maintenance;

/// <summary>
/// The timer function: the Functions host runs it on <c>Cleanup:Schedule</c> and keeps it to one instance; the job's
/// own MongoDB lease still guards against an overlapping admin run-cleanup or a second host.
/// </summary>
public sealed class TempCleanup(CleanupJob job, ILogger<TempCleanup> logger)
{
    [Function(nameof(TempCleanup))]
    public async Task Run([TimerTrigger("%Cleanup__Schedule%")] TimerInfo timer, CancellationToken ct)
    {
        if (timer.IsPastDue)
            logger.LogInformation("TempCleanup is past due: an occurrence of its schedule was missed");
        if (await job.TryRunAsync(ct) is null)
            logger.LogInformation("TempCleanup skipped: another run holds the cleanup lease");
    }
}
