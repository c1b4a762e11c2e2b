using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Mail;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// TempCleanup's work, whoever triggers it (the Functions timer, the host's admin endpoint, the admin route): every step
/// once, under a lease so that two workers never run it at the same time. Each step is idempotent and safe beside
/// live traffic, so a run cut short anywhere is simply finished by the next one.
/// </summary>
public sealed class CleanupJob(
    LeaseStore leases, PendingReclaim pending, TreeRepair tree, TemporaryPurge temporary, TrashPurge trash, VersionPrune versions, OrphanSweep orphans,
    UploadContainerSweep uploads, QuotaReconciler quotas, BitRotCheck bitRot, ExpiredShares shares, ClosedAccounts closed, MailDispatch mail, MailOutbox outbox, Activity.ActivityLog activity,
    IOptions<CleanupOptions> options, IOptions<MongoOptions> mongo, TimeProvider clock, ILogger<CleanupJob> logger)
{
    public const string LeaseName = "cleanup";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);
    /// <summary>Messages one run sends from the outbox at most (each is one SMTP connection).</summary>
    public const int MaxMailPerRun = 500;

    /// <summary>
    /// Runs the job, or returns null at once when another run holds the lease. <paramref name="timeLimit"/> shortens
    /// <see cref="CleanupOptions.MaxRunSeconds"/> for a caller that must answer sooner (the admin route).
    /// </summary>
    public async Task<CleanupSummary?> TryRunAsync(CancellationToken ct, TimeSpan? timeLimit = null)
    {
        await using var lease = await HeldLease.TryAcquireAsync(leases, LeaseName, LeaseDuration, clock, logger, ct);
        if (lease is null)
        {
            logger.LogInformation("Cleanup skipped: another run holds the lease");
            return null;
        }
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        var budget = Budget(timeLimit);
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
        var abandoned = await pending.ReclaimAsync(budget, run.Token) with { DurationMs = Lap() };
        // Deleted accounts next: what they held need not be purged, repaired or reconciled one step at a time.
        var accounts = await closed.EraseAsync(budget, run.Token) with { DurationMs = Lap() };
        var repaired = await tree.RepairAsync(budget, run.Token) with { DurationMs = Lap() };
        var purged = await temporary.PurgeAsync(budget, run.Token) with { DurationMs = Lap() };
        var trashed = await trash.PurgeAsync(budget, run.Token) with { DurationMs = Lap() };
        var pruned = await versions.PruneAsync(budget, run.Token) with { DurationMs = Lap() };
        var (swept, uncommitted) = await orphans.SweepAsync(budget, run.Token);
        var sweepMs = Lap();
        (swept, uncommitted) = (swept with { DurationMs = sweepMs }, uncommitted with { DurationMs = sweepMs });
        var containers = await uploads.SweepAsync(run.Token) with { DurationMs = Lap() };
        var corrected = await quotas.ReconcileAsync(budget, run.Token) with { DurationMs = Lap() };
        var dropped = await shares.DropAsync(budget, run.Token) with { DurationMs = Lap() };
        var rot = await bitRot.CheckAsync(budget, run.Token) with { DurationMs = Lap() };
        var mailed = await mail.SendDueAsync(MaxMailPerRun, run.Token) with { DurationMs = Lap() };
        var redispatched = await activity.RedispatchAsync(MaxMailPerRun, run.Token);
        if (mail.Enabled)
            await outbox.ForgetOldGivenUpAsync(run.Token);
        var givenUp = mail.Enabled ? await outbox.CountGivenUpAsync(run.Token) : 0;

        var summary = new CleanupSummary(purged, abandoned, repaired, swept, corrected, dropped, stopwatch.ElapsedMilliseconds)
        {
            UncommittedBlobs = uncommitted, UploadContainers = containers, TrashPurged = trashed, VersionsPruned = pruned, BitRot = rot, SearchKeysBackfilled = new StepTally(repaired.SearchKeysWritten, 0) { DurationMs = repaired.DurationMs },
            RequestUnits = Math.Round(budget.Spent), BudgetExhausted = budget.Exhausted,
            AccountsErased = accounts, Mail = mailed, MailGivenUp = givenUp, EventsRequeued = redispatched,
        };
        if (givenUp > 0)
            logger.LogError("{MailGivenUp} messages in the outbox were given up (see GET /api/admin-service/list-failed-mail)", givenUp);
        logger.LogInformation(
            "Cleanup done in {DurationMs} ms: {TemporaryEntries} temporary entries purged ({TemporaryBytes} bytes), " +
            "{TrashEntries} trashed entries purged ({TrashBytes} bytes), " +
            "{AbandonedUploads} abandoned uploads reclaimed ({AbandonedBytes} bytes), {Repairs} tree repairs, " +
            "{OrphanBlobs} orphan blobs deleted ({OrphanBytes} bytes), {UncommittedBlobs} uncommitted blobs deleted " +
            "({UncommittedBytes} bytes), {UploadContainers} upload containers deleted ({UploadContainerBytes} bytes), {UsersCorrected} of {UsersChecked} users' quotas " +
            "corrected ({DriftsAwaiting} drifts awaiting confirmation), {ExpiredShares} expired shares dropped, " +
            "{AccountsErased} deleted accounts finished, {MailSent} mails sent ({MailRetrying} to retry, {MailGivenUp} given up); " +
            "about {RequestUnits} request units spent (budget exhausted: {BudgetExhausted})",
            summary.DurationMs, purged.Count, purged.Bytes, trashed.Count, trashed.Bytes, abandoned.Count, abandoned.Bytes, repaired.Total, swept.Count, swept.Bytes,
            uncommitted.Count, uncommitted.Bytes, containers.Count, containers.Bytes,
            corrected.UsersCorrected, corrected.UsersChecked, corrected.DriftsAwaitingConfirmation, dropped.Count,
            accounts.Count, mailed.Sent, mailed.Retrying, givenUp,
            summary.RequestUnits, summary.BudgetExhausted);
        return summary;
    }

    /// <summary>
    /// Paced by default only on Cosmos DB RU, where throughput is provisioned: 100 RU/s is a quarter of the smallest
    /// manual throughput (400 RU/s). At that pace the time limit (480 s) comes before the 100,000 RU: a run spends at
    /// most 48,000 RU, about 13,000 entries' worth of TempCleanup (3.6 RU an entry, bench/ru-bench.sh), and the hourly
    /// runs work through a bigger backlog in turn.
    /// </summary>
    private CleanupBudget Budget(TimeSpan? timeLimit)
    {
        var cosmos = mongo.Value.EffectiveFlavor == MongoFlavors.CosmosRu;
        var maxDuration = TimeSpan.FromSeconds(options.Value.MaxRunSeconds);
        return new CleanupBudget(
            options.Value.MaxRequestUnitsPerRun ?? (cosmos ? 100_000 : double.PositiveInfinity),
            options.Value.RequestUnitsPerSecond ?? (cosmos ? 100 : 0),
            timeLimit < maxDuration ? timeLimit.Value : maxDuration, clock);
    }
}
