using System.Runtime.CompilerServices;
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

    /// <summary>Entries the orphan pass found without search keys (written by an older worker) and gave them.</summary>
    public long SearchKeysWritten { get; init; }
}

/// <summary>
/// Step 2: finishes what a crash (or a request racing a delete) left half done in the tree. Entries whose parent no
/// longer exists are cut out; every cut-out folder is swept (a delete that died part-way, or one still running: the
/// sweeps split the work through their claims); entries a dead removal had claimed are deleted; shares whose entry is
/// gone are dropped. Entries and shares are read a page at a time, by id, with no cursor held between pages. The two
/// scans of everything (orphans, dangling shares) are rolling passes: each run goes on from where the last one's budget
/// stopped it (<see cref="CleanupCursors"/>), so a large database is covered over several runs at a bounded cost each.
/// </summary>
public sealed class TreeRepair(
    EntryStore entries, ShareStore shares, EntryRemover remover, CleanupCursors cursors, TimeProvider clock, ILogger<TreeRepair> logger)
{
    /// <summary>A claim older than this belongs to a removal that died: no removal takes this long per batch.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    public async Task<RepairTally> RepairAsync(CleanupBudget budget, CancellationToken ct)
    {
        var (orphans, searchKeys) = await DetachOrphansAsync(budget, ct);
        var swept = Removed.None;
        long detached = 0;
        await foreach (var page in Paging.ByKeyAsync(ObjectId.Empty, entries.DetachedPageAsync, e => e.Id, budget, ct))
        foreach (var folder in page)
        {
            var removed = await remover.RemoveSubtreeAsync(folder, ct);
            await budget.SpendAsync(RequestUnits.Writes(removed.Entries), ct);
            swept = swept.Add(removed);
            detached++;
        }
        var before = clock.GetUtcNow().UtcDateTime - ClaimTimeout;
        var finished = Removed.None;
        await foreach (var page in Paging.ByKeyAsync(ObjectId.Empty, (after, c) => entries.StaleClaimsPageAsync(before, after, c), e => e.Id, budget, ct))
        {
            finished = finished.Add(await remover.FinishClaimedAsync(page, ct));
            await budget.SpendAsync(RequestUnits.Writes(page.Count), ct);
        }
        var dangling = await DropDanglingSharesAsync(budget, ct);

        var tally = new RepairTally(orphans, detached, finished.Entries, dangling, swept.FreedBytes + finished.FreedBytes)
        {
            SearchKeysWritten = searchKeys,
        };
        if (tally.Total > 0)
            logger.LogWarning("Tree repair: {Orphans} orphans cut out, {Detached} cut-out subtrees swept ({Entries} entries), " +
                "{Claims} stale claims finished, {Shares} dangling shares dropped, {Bytes} bytes freed",
                orphans, detached, swept.Entries, finished.Entries, dangling, tally.FreedBytes);
        return tally;
    }

    /// <summary>
    /// The rolling pass over every entry: orphans are cut out, and entries an older worker wrote without search keys
    /// (during a deploy) get them, at no extra read.
    /// </summary>
    private async Task<(long Detached, long SearchKeys)> DetachOrphansAsync(CleanupBudget budget, CancellationToken ct)
    {
        long detached = 0, searchKeys = 0;
        await foreach (var page in RollingAsync("tree-repair-orphans", entries.PageAsync, e => e.Id, budget, ct))
        {
            var keyless = page.Where(e => e.NameFold is null && e.State == EntryStates.Ready).ToList();
            searchKeys += await entries.WriteSearchKeysAsync(keyless, ct);
            await budget.SpendAsync(RequestUnits.Writes(keyless.Count), ct);
            // Entries hanging from another entry (not from a root, not cut out already): their parent must exist.
            var hanging = page.Where(e => e.ParentId != e.Id && DriveRoots.FieldOf(e.UserId, e.ParentId) is null).ToList();
            var existing = await entries.FindByIdsAsync(hanging.Select(e => e.ParentId).Distinct(), ct);
            await budget.SpendAsync(RequestUnits.Query(existing.Count), ct);
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
        return (detached, searchKeys);
    }

    private async Task<long> DropDanglingSharesAsync(CleanupBudget budget, CancellationToken ct)
    {
        long dropped = 0;
        await foreach (var page in RollingAsync("tree-repair-shares", shares.PageAsync, s => s.Id, budget, ct))
        {
            var live = await entries.FindByIdsAsync(page.Select(s => s.EntryId), ct);
            await budget.SpendAsync(RequestUnits.Query(live.Count), ct);
            foreach (var share in page.Where(s => !live.TryGetValue(s.EntryId, out var e)
                         || e.State != EntryStates.Ready || e.RemovedBy is not null || e.UserId != s.UserId))
            {
                if (await shares.DeleteAsync(share, ct))
                    dropped++;
            }
        }
        return dropped;
    }

    /// <summary>Pages of a rolling pass by id, from where the previous run stopped; the position is saved as it goes.</summary>
    private async IAsyncEnumerable<List<T>> RollingAsync<T>(
        string pass, Func<ObjectId, CancellationToken, Task<List<T>>> page, Func<T, ObjectId> idOf, CleanupBudget budget,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var start = ObjectId.TryParse(await cursors.PositionAsync(pass, ct), out var saved) ? saved : ObjectId.Empty;
        var last = start;
        await foreach (var items in Paging.ByKeyAsync(start, page, idOf, budget, ct))
        {
            yield return items;
            last = idOf(items[^1]);
        }
        // Cut short by the budget: resume after the last page done. Reached the end: the next run starts over.
        await cursors.SaveAsync(pass, budget.Exhausted ? last.ToString() : "", ct);
    }
}
