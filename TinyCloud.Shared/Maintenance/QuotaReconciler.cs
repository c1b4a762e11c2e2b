using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 4: sets each user's counters to what the entries say: used = ready files' sizes, reserved = pending
/// entries' reservations (one past its expiry still holds its reservation until step 2 gives it back),
/// free = quota − used − reserved.
/// <para>
/// Only users whose counters changed are checked (<see cref="UserDocument.QuotaChanged"/>, set by every counter update
/// and before a removal deletes charged entries), plus a rolling audit of <see cref="CleanupOptions.AuditUsersPerRun"/>
/// others per run, so a run costs what changed, not the size of the database. A user's flag is cleared once counters
/// and entries agree with no upload pending and no removal holding claims, conditional on the counters being unchanged since they were read.
/// </para>
/// <para>
/// Live requests move entries and counters in separate updates (an upload reserves before its pending entry
/// exists, and may stream the whole file in between; a delete removes entries before it frees their bytes), so a
/// snapshot can show a drift that is only a request in flight. So a drift is corrected only once the same drift has
/// persisted for <see cref="CleanupOptions.OrphanGraceMinutes"/> (longer than any request may take), as recorded in
/// <see cref="QuotaDriftStore"/> across runs; and the correction itself is conditional on the counters being
/// unchanged since they were read, else it waits for the next run. A user with a drift stays flagged until it is gone.
/// </para>
/// </summary>
public sealed class QuotaReconciler(
    UserStore users, EntryStore entries, QuotaStore quota, QuotaDriftStore drifts, CleanupCursors cursors,
    IOptions<CleanupOptions> options, TimeProvider clock, ILogger<QuotaReconciler> logger)
{
    private const string AuditPass = "quota-audit";

    public async Task<QuotaTally> ReconcileAsync(CleanupBudget budget, CancellationToken ct)
    {
        var runStart = clock.GetUtcNow().UtcDateTime;
        var tally = QuotaTally.None;
        var seen = new HashSet<long>();
        await foreach (var page in Paging.ByKeyAsync(0L, users.QuotaChangedPageAsync, u => u.Id, budget, ct))
            foreach (var user in page.Where(u => seen.Add(u.Id)))
                tally = await CheckAsync(user, tally, budget, ct);
        var everyChangedUserSeen = !budget.Exhausted;

        var after = CursorKeys.Longs.Parse(await cursors.PositionAsync(AuditPass, ct)) ?? CursorKeys.Longs.Start;
        var audited = budget.Exhausted ? [] : await users.PageAsync(after, options.Value.AuditUsersPerRun, ct);
        foreach (var user in audited.Where(u => seen.Add(u.Id)))
            tally = await CheckAsync(user, tally, budget, ct);
        await cursors.SaveAsync(AuditPass, audited.Count < options.Value.AuditUsersPerRun ? "" : CursorKeys.Longs.Format(audited[^1].Id), ct);

        // A drift not seen again this run is gone (or its user was not reached: then it is simply observed afresh).
        if (everyChangedUserSeen)
            await drifts.ForgetUnseenSinceAsync(runStart, ct);
        return tally;
    }

    private async Task<QuotaTally> CheckAsync(UserDocument user, QuotaTally tally, CleanupBudget budget, CancellationToken ct)
    {
        var totals = await entries.UsageOfUserAsync(user.Id, ct);
        await budget.SpendAsync(RequestUnits.Query(1), ct);
        tally = tally with { UsersChecked = tally.UsersChecked + 1 };
        if (!DriftOf(user, totals).IsZero)
            return await RecheckAsync(user.Id, tally, ct);
        // Not while a removal holds claims: it has flagged the user and may delete its entries, then die before the
        // counters follow; the flag must outlive that, or only the rolling audit would find the drift.
        if (totals.InFlight == 0 && user.QuotaChanged == true)
            await users.TryMarkQuotaCheckedAsync(user, ct);
        return tally;
    }

    /// <summary>
    /// The sums above were taken after this user's counters were read, so a request may have run in between: a
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
        if (user.QuotaChanged != true)
            await quota.MarkChangedAsync(userId, ct); // found by the audit: looked at again at every run until settled

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
