using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;
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

    /// <summary>Path-keyed entries (written by a worker from before the id-based tree) linked into the tree.</summary>
    public long LegacyEntriesMigrated { get; init; }
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
    EntryStore entries, ShareStore shares, EntryRemover remover, TreeMigration migration, CleanupCursors cursors, TimeProvider clock,
    ILogger<TreeRepair> logger)
{
    /// <summary>
    /// A claim older than this belongs to a removal that died: a live one deletes what it claimed within seconds (claim,
    /// read, delete: three database calls; blobs go after the entries), and two removals that do split a claim still
    /// free each byte once (<see cref="EntryRemover"/>).
    /// </summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    public async Task<RepairTally> RepairAsync(CleanupBudget budget, CancellationToken ct)
    {
        var (orphans, searchKeys, migrated) = await DetachOrphansAsync(budget, ct);
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
            SearchKeysWritten = searchKeys, LegacyEntriesMigrated = migrated,
        };
        if (tally.Total > 0)
            logger.LogWarning("Tree repair: {Orphans} orphans cut out, {Detached} cut-out subtrees swept ({Entries} entries), " +
                "{Claims} stale claims finished, {Shares} dangling shares dropped, {Bytes} bytes freed",
                orphans, detached, swept.Entries, finished.Entries, dangling, tally.FreedBytes);
        return tally;
    }

    /// <summary>
    /// The rolling pass over every entry: orphans are cut out, and what an older worker wrote during a deploy is brought
    /// up to date at no extra read: entries without search keys get them, and path-keyed entries (no parent id; never
    /// taken for orphans) are linked into the tree by the migration.
    /// </summary>
    private async Task<(long Detached, long SearchKeys, long Migrated)> DetachOrphansAsync(CleanupBudget budget, CancellationToken ct)
    {
        long detached = 0, searchKeys = 0, migrated = 0;
        var migrationTried = false;
        await foreach (var page in cursors.RollingAsync("tree-repair-orphans", CursorKeys.ObjectIds, entries.PageAsync, e => e.Id, budget, ct))
        {
            if (!migrationTried && page.Any(IsPathKeyed))
            {
                migrationTried = true;
                migrated = await MigrateStragglersAsync(ct);
            }
            page.RemoveAll(IsPathKeyed);
            var keyless = page.Where(e => e.NameFold is null && e.State == EntryState.Ready).ToList();
            searchKeys += await entries.WriteSearchKeysAsync(keyless, ct);
            await budget.SpendAsync(RequestUnits.Writes(keyless.Count), ct);
            // Entries hanging from another entry (not from a root, not cut out already): their parent must exist.
            var hanging = page.Where(e => e.ParentId != e.Id && DriveRoots.FieldOf(e.UserId, e.ParentId) is null).ToList();
            var existing = await entries.FindByIdsAsync(hanging.Select(e => e.ParentId).Distinct(), ct);
            await budget.SpendAsync(RequestUnits.Query(existing.Count), ct);
            // A pending orphan keeps its claim until it runs out: PendingReclaim gives its reservation back then.
            foreach (var orphan in hanging.Where(e => e.State is not (EntryState.Pending or EntryState.Copying) && !existing.ContainsKey(e.ParentId)))
            {
                if (!await entries.DetachOrphanAsync(orphan, ct))
                    continue;
                logger.LogWarning("Entry {EntryId} of user {UserId} had no parent ({ParentId}); cut out for removal",
                    orphan.Id, orphan.UserId, orphan.ParentId);
                detached++;
            }
        }
        return (detached, searchKeys, migrated);
    }

    private static bool IsPathKeyed(EntryDocument entry) => entry.ParentId == ObjectId.Empty;

    private async Task<long> MigrateStragglersAsync(CancellationToken ct)
    {
        try
        {
            return await migration.MigrateAsync(ct);
        }
        catch (MongoException ex)
        {
            // Left as they are (never cut out as orphans) for the next run; on Cosmos DB RU see the README's migration.
            logger.LogWarning(ex, "Could not migrate path-keyed entries written by an older worker; the next run retries");
            return 0;
        }
    }

    private async Task<long> DropDanglingSharesAsync(CleanupBudget budget, CancellationToken ct)
    {
        long dropped = 0;
        await foreach (var page in cursors.RollingAsync("tree-repair-shares", CursorKeys.ObjectIds, shares.PageAsync, s => s.Id, budget, ct))
        {
            var live = await entries.FindByIdsAsync(page.Select(s => s.EntryId), ct);
            await budget.SpendAsync(RequestUnits.Query(live.Count), ct);
            foreach (var share in page.Where(s => !live.TryGetValue(s.EntryId, out var e)
                         || !e.IsVisible || e.UserId != s.UserId))
            {
                if (await shares.DeleteAsync(share, ct))
                    dropped++;
            }
        }
        return dropped;
    }
}
