using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

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
        var userIds = users.Collection.Find(FilterDefinition<UserDocument>.Empty, new FindOptions { BatchSize = EntryStore.BatchSize })
            .Project(u => u.Id);
        await foreach (var userId in userIds.ToAsyncEnumerable().WithCancellation(ct))
            tally = await ReconcileUserAsync(userId, tally, ct);
        await drifts.ForgetUnseenSinceAsync(runStart, ct);
        return tally;
    }

    private async Task<QuotaTally> ReconcileUserAsync(long userId, QuotaTally tally, CancellationToken ct)
    {
        if (await users.FindByIdAsync(userId, ct) is not { } user)
            return tally;
        var (used, reserved) = await UsageAsync(userId, ct);
        var drift = new QuotaDrift(used - user.UsedBytes, reserved - user.ReservedBytes, user.QuotaBytes - used - reserved - user.FreeBytes);
        tally = tally with { UsersChecked = tally.UsersChecked + 1 };
        if (drift.IsZero)
            return tally;

        var now = clock.GetUtcNow().UtcDateTime;
        var since = await drifts.ObserveAsync(userId, drift, now, ct);
        if (now - since < TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes) || !await TryCorrectAsync(user, used, reserved, ct))
        {
            logger.LogInformation(
                "Quota drift of user {UserId} seen since {Since:o} (used {UsedDrift}, reserved {ReservedDrift}, free {FreeDrift}); not corrected yet",
                userId, since, drift.Used, drift.Reserved, drift.Free);
            return tally with { DriftsAwaitingConfirmation = tally.DriftsAwaitingConfirmation + 1 };
        }
        await drifts.ForgetAsync(userId, ct);
        logger.LogWarning(
            "Corrected quota of user {UserId}: used {UsedBytes} -> {ExpectedUsed} (drift {UsedDrift}), reserved {ReservedBytes} -> {ExpectedReserved} (drift {ReservedDrift}), free {FreeBytes} -> {ExpectedFree} (drift {FreeDrift})",
            userId, user.UsedBytes, used, drift.Used, user.ReservedBytes, reserved, drift.Reserved,
            user.FreeBytes, user.FreeBytes + drift.Free, drift.Free);
        return tally with
        {
            UsersCorrected = tally.UsersCorrected + 1,
            UsedBytesCorrected = tally.UsedBytesCorrected + drift.Used,
            ReservedBytesCorrected = tally.ReservedBytesCorrected + drift.Reserved,
            FreeBytesCorrected = tally.FreeBytesCorrected + drift.Free,
        };
    }

    private async Task<(long Used, long Reserved)> UsageAsync(long userId, CancellationToken ct)
    {
        var totals = await entries.Collection.Aggregate()
            .Match(e => e.UserId == userId && e.Kind == EntryKinds.File)
            .Group(e => e.State, g => new { State = g.Key, Size = g.Sum(e => e.SizeBytes), Reserved = g.Sum(e => e.ReservedBytes) })
            .ToListAsync(ct);
        return (totals.Where(t => t.State == EntryStates.Ready).Sum(t => t.Size),
            totals.Where(t => t.State == EntryStates.Pending).Sum(t => t.Reserved));
    }

    private async Task<bool> TryCorrectAsync(UserDocument user, long used, long reserved, CancellationToken ct) =>
        (await users.Collection.UpdateOneAsync(
            u => u.Id == user.Id && u.QuotaBytes == user.QuotaBytes && u.UsedBytes == user.UsedBytes
                && u.ReservedBytes == user.ReservedBytes && u.FreeBytes == user.FreeBytes,
            Builders<UserDocument>.Update.Set(u => u.UsedBytes, used).Set(u => u.ReservedBytes, reserved)
                .Set(u => u.FreeBytes, user.QuotaBytes - used - reserved),
            cancellationToken: ct)).ModifiedCount == 1;
}
