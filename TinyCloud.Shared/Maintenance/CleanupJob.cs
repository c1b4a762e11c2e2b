using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Search;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// TempCleanup's work, whoever triggers it (the Functions timer, the host's admin endpoint, the admin route): every step
/// once, under a lease so that two workers never run it at the same time. Each step is idempotent and safe beside
/// live traffic, so a run cut short anywhere is simply finished by the next one.
/// </summary>
public sealed class CleanupJob(
    LeaseStore leases, PendingReclaim pending, TreeRepair tree, TemporaryPurge temporary, OrphanSweep orphans,
    UploadContainerSweep uploads, QuotaReconciler quotas,
    ExpiredShares shares, SearchBackfill search, TimeProvider clock, ILogger<CleanupJob> logger)
{
    public const string LeaseName = "cleanup";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    /// <summary>Runs the job, or returns null at once when another run holds the lease.</summary>
    public async Task<CleanupSummary?> TryRunAsync(CancellationToken ct)
    {
        await using var lease = await HeldLease.TryAcquireAsync(leases, LeaseName, LeaseDuration, clock, logger, ct);
        if (lease is null)
        {
            logger.LogInformation("Cleanup skipped: another run holds the lease");
            return null;
        }
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        var stopwatch = Stopwatch.StartNew();
        var step = Stopwatch.StartNew();
        long Lap()
        {
            var elapsed = step.ElapsedMilliseconds;
            step.Restart();
            return elapsed;
        }

        // Abandoned uploads go first, so that a purged folder never takes a pending entry whose reservation would
        // then wait for the quota step to be given back.
        var abandoned = await pending.ReclaimAsync(run.Token) with { DurationMs = Lap() };
        var repaired = await tree.RepairAsync(run.Token) with { DurationMs = Lap() };
        var purged = await temporary.PurgeAsync(run.Token) with { DurationMs = Lap() };
        var (swept, uncommitted) = await orphans.SweepAsync(run.Token);
        var sweepMs = Lap();
        (swept, uncommitted) = (swept with { DurationMs = sweepMs }, uncommitted with { DurationMs = sweepMs });
        var containers = await uploads.SweepAsync(run.Token) with { DurationMs = Lap() };
        var corrected = await quotas.ReconcileAsync(run.Token) with { DurationMs = Lap() };
        var dropped = await shares.DropAsync(run.Token) with { DurationMs = Lap() };
        var searchKeys = new StepTally(await search.BackfillAsync(run.Token), 0) { DurationMs = Lap() };

        var summary = new CleanupSummary(purged, abandoned, repaired, swept, corrected, dropped, stopwatch.ElapsedMilliseconds)
        {
            UncommittedBlobs = uncommitted, UploadContainers = containers, SearchKeysBackfilled = searchKeys,
        };
        logger.LogInformation(
            "Cleanup done in {DurationMs} ms: {TemporaryEntries} temporary entries purged ({TemporaryBytes} bytes), " +
            "{AbandonedUploads} abandoned uploads reclaimed ({AbandonedBytes} bytes), {Repairs} tree repairs, " +
            "{OrphanBlobs} orphan blobs deleted ({OrphanBytes} bytes), {UncommittedBlobs} uncommitted blobs deleted " +
            "({UncommittedBytes} bytes), {UploadContainers} upload containers deleted ({UploadContainerBytes} bytes), {UsersCorrected} of {UsersChecked} users' quotas " +
            "corrected ({DriftsAwaiting} drifts awaiting confirmation), {ExpiredShares} expired shares dropped",
            summary.DurationMs, purged.Count, purged.Bytes, abandoned.Count, abandoned.Bytes, repaired.Total, swept.Count, swept.Bytes,
            uncommitted.Count, uncommitted.Bytes, containers.Count, containers.Bytes,
            corrected.UsersCorrected, corrected.UsersChecked, corrected.DriftsAwaitingConfirmation, dropped.Count);
        return summary;
    }
}
