using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Shared.Maintenance;

/// <summary>What the tree repair step found half done and finished.</summary>
public sealed record RepairTally(long OrphansDetached, long DetachedSwept, long StaleClaimsFinished, long DanglingShares, long FreedBytes)
{
    public static readonly RepairTally None = new(0, 0, 0, 0, 0);

    public long Total => OrphansDetached + DetachedSwept + StaleClaimsFinished + DanglingShares;

    public long DurationMs { get; init; }
}

/// <summary>
/// Step 2: finishes what a crash (or a request racing a delete) left half done in the tree. Entries whose parent no
/// longer exists are cut out; every cut-out folder is swept (a delete that died part-way, or one still running: the
/// sweeps split the work through their claims); entries a dead removal had claimed are deleted; shares whose entry is
/// gone are dropped. Entries and shares are read a page at a time, by id, with no cursor held between pages.
/// </summary>
public sealed class TreeRepair(EntryStore entries, ShareStore shares, EntryRemover remover, TimeProvider clock, ILogger<TreeRepair> logger)
{
    /// <summary>A claim older than this belongs to a removal that died: no removal takes this long per batch.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    public async Task<RepairTally> RepairAsync(CancellationToken ct)
    {
        var orphans = await DetachOrphansAsync(ct);
        var swept = Removed.None;
        long detached = 0;
        await foreach (var folder in entries.DetachedAsync(ct))
        {
            swept = swept.Add(await remover.RemoveSubtreeAsync(folder, ct));
            detached++;
        }
        var stale = new List<EntryDocument>();
        await foreach (var entry in entries.StaleClaimsAsync(clock.GetUtcNow().UtcDateTime - ClaimTimeout, ct))
            stale.Add(entry);
        var finished = await remover.FinishClaimedAsync(stale, ct);
        var dangling = await DropDanglingSharesAsync(ct);

        var tally = new RepairTally(orphans, detached, finished.Entries, dangling, swept.FreedBytes + finished.FreedBytes);
        if (tally != RepairTally.None)
            logger.LogWarning("Tree repair: {Orphans} orphans cut out, {Detached} cut-out subtrees swept ({Entries} entries), " +
                "{Claims} stale claims finished, {Shares} dangling shares dropped, {Bytes} bytes freed",
                orphans, detached, swept.Entries, finished.Entries, dangling, tally.FreedBytes);
        return tally;
    }

    private async Task<long> DetachOrphansAsync(CancellationToken ct)
    {
        long detached = 0;
        for (var page = await entries.PageAsync(ObjectId.Empty, ct); page.Count > 0; page = await entries.PageAsync(page[^1].Id, ct))
        {
            // Entries hanging from another entry (not from a root, not cut out already): their parent must exist.
            var hanging = page.Where(e => e.ParentId != e.Id && DriveRoots.FieldOf(e.UserId, e.ParentId) is null).ToList();
            var existing = await entries.FindByIdsAsync(hanging.Select(e => e.ParentId).Distinct(), ct);
            // A pending orphan keeps its claim until it runs out: PendingReclaim gives its reservation back then.
            foreach (var orphan in hanging.Where(e => e.State != EntryStates.Pending && !existing.ContainsKey(e.ParentId)))
            {
                if (!await entries.DetachOrphanAsync(orphan, ct))
                    continue;
                logger.LogWarning("Entry {EntryId} of user {UserId} had no parent ({ParentId}); cut out for removal",
                    orphan.Id, orphan.UserId, orphan.ParentId);
                detached++;
            }
        }
        return detached;
    }

    private async Task<long> DropDanglingSharesAsync(CancellationToken ct)
    {
        long dropped = 0;
        for (var page = await shares.PageAsync(ObjectId.Empty, ct); page.Count > 0; page = await shares.PageAsync(page[^1].Id, ct))
        {
            var live = await entries.FindByIdsAsync(page.Select(s => s.EntryId), ct);
            foreach (var share in page.Where(s => !live.TryGetValue(s.EntryId, out var e)
                         || e.State != EntryStates.Ready || e.RemovedBy is not null || e.UserId != s.UserId))
            {
                if (await shares.DeleteAsync(share.Id, ct))
                    dropped++;
            }
        }
        return dropped;
    }
}
