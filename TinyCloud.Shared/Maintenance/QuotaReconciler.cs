using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 4: sets each user's counters to what the entries say: used = ready files' sizes, reserved = pending
/// entries' reservations (one past its expiry still holds its reservation until step 2 gives it back),
/// free = quota − used − reserved.
/// <para>
/// Live requests move entries and counters in separate updates (an upload reserves before its pending entry
/// exists, and may stream the whole file in between; a delete removes entries before it frees their bytes), so a
/// snapshot can show a drift that is only a request in flight. Checking that the counters did not change between
/// read and write does not catch that: the request's second half may simply not have run yet. So a drift is
/// corrected only once the same drift has persisted for <see cref="CleanupOptions.OrphanGraceMinutes"/> (longer
/// than any request may take), as recorded in <see cref="QuotaDriftStore"/> across runs; and the correction itself
/// is conditional on the counters being unchanged since they were read, else it waits for the next run.
/// </para>
/// </summary>
public sealed class QuotaReconciler(
    UserStore users, EntryStore entries, QuotaDriftStore drifts, IOptions<CleanupOptions> options, TimeProvider clock,
    ILogger<QuotaReconciler> logger)
{
    public async Task<QuotaTally> ReconcileAsync(CancellationToken ct)
    {
        var runStart = clock.GetUtcNow().UtcDateTime;
        var tally = QuotaTally.None;
        // One aggregation sums every user's entries, in user order; the users are walked in the same order beside it.
        await using var usage = entries.UsageByUser().WithCancellation(ct).GetAsyncEnumerator();
        var hasUsage = await usage.MoveNextAsync();
        await foreach (var user in users.AllByIdAsync(ct))
        {
            while (hasUsage && usage.Current.UserId < user.Id)
                hasUsage = await usage.MoveNextAsync();
            var totals = hasUsage && usage.Current.UserId == user.Id ? usage.Current : new UsageTotals { UserId = user.Id };
            tally = tally with { UsersChecked = tally.UsersChecked + 1 };
            if (!DriftOf(user, totals).IsZero)
                tally = await RecheckAsync(user.Id, tally, ct);
        }
        await drifts.ForgetUnseenSinceAsync(runStart, ct);
        return tally;
    }

    /// <summary>
    /// The sums above were taken before this user's counters were read, so a request may have run in between: a
    /// disagreement is judged again on a fresh read of both, taken moments apart.
    /// </summary>
    private async Task<QuotaTally> RecheckAsync(long userId, QuotaTally tally, CancellationToken ct)
    {
        if (await users.FindByIdAsync(userId, ct) is not { } user)
            return tally;
        var totals = await entries.UsageOfUserAsync(userId, ct);
        var drift = DriftOf(user, totals);
        if (drift.IsZero)
            return tally;

        var now = clock.GetUtcNow().UtcDateTime;
        var since = await drifts.ObserveAsync(userId, drift, now, ct);
        var confirmed = now - since >= TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes);
        if (!confirmed || !await TryCorrectAsync(user, totals, ct))
        {
            logger.LogInformation(
                "Quota drift of user {UserId} seen since {Since:o} (used {UsedDrift}, reserved {ReservedDrift}, " +
                "free {FreeDrift}); not corrected yet",
                userId, since, drift.Used, drift.Reserved, drift.Free);
            return tally with { DriftsAwaitingConfirmation = tally.DriftsAwaitingConfirmation + 1 };
        }
        await drifts.ForgetAsync(userId, ct);
        logger.LogWarning(
            "Corrected quota of user {UserId}: used {UsedBytes} -> {ExpectedUsed} (drift {UsedDrift}), " +
            "reserved {ReservedBytes} -> {ExpectedReserved} (drift {ReservedDrift}), " +
            "free {FreeBytes} -> {ExpectedFree} (drift {FreeDrift})",
            userId, user.UsedBytes, totals.Used, drift.Used, user.ReservedBytes, totals.Reserved, drift.Reserved,
            user.FreeBytes, user.FreeBytes + drift.Free, drift.Free);
        return tally with
        {
            UsersCorrected = tally.UsersCorrected + 1,
            UsedBytesCorrected = tally.UsedBytesCorrected + drift.Used,
            ReservedBytesCorrected = tally.ReservedBytesCorrected + drift.Reserved,
            FreeBytesCorrected = tally.FreeBytesCorrected + drift.Free,
        };
    }

    private static QuotaDrift DriftOf(UserDocument user, UsageTotals totals) => new(
        totals.Used - user.UsedBytes, totals.Reserved - user.ReservedBytes,
        user.QuotaBytes - totals.Used - totals.Reserved - user.FreeBytes);

    private Task<bool> TryCorrectAsync(UserDocument user, UsageTotals totals, CancellationToken ct) =>
        users.TrySetQuotaCountersAsync(user, totals.Used, totals.Reserved, ct);
}
