using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Removal;

public sealed record Removed(int Entries, long FreedBytes)
{
    public static readonly Removed None = new(0, 0);

    public Removed Add(Removed other) => new(Entries + other.Entries, FreedBytes + other.FreedBytes);
}

/// <summary>
/// Deletes a file, or a folder with everything inside it. A folder is first cut out of the tree in one update, under
/// the user's tree lock so that no move lands inside it: from then on nothing inside is reachable, listed or
/// uploadable-into. Its subtree is then swept deepest first in batches; each batch is claimed before it is deleted,
/// so a sweep racing another (TempCleanup resuming a crashed one) or an upload's own clean-up frees each byte once.
/// What a crash leaves (a detached folder, claimed entries, blobs) TempCleanup finishes.
/// </summary>
public sealed class EntryRemover(
    EntryStore entries, FolderWalk walk, TreeLock locks, ShareStore shares, QuotaStore quota, BlobDeletions blobs,
    TimeProvider clock, ILogger<EntryRemover> logger)
{
    /// <summary>Removes a visible entry: what was removed, or that it was already gone, or that the tree lock stayed busy.</summary>
    public async Task<RemoveOutcome> RemoveAsync(EntryDocument entry, CancellationToken ct)
    {
        if (!entry.IsFolder)
        {
            var removal = ObjectId.GenerateNewId();
            return await entries.ClaimInPlaceAsync(entry, removal, ct) is { } claimed
                ? RemoveOutcome.Of(await DeleteClaimedAsync(entry.UserId, removal, [claimed], ct))
                : RemoveOutcome.Gone;
        }
        await using (var held = await locks.AcquireAsync(entry.UserId, ct))
        {
            if (held is null)
                return RemoveOutcome.Busy;
            if (!await entries.TryDetachAsync(entry, clock.GetUtcNow().UtcDateTime, ct))
                return RemoveOutcome.Gone;
        }
        return RemoveOutcome.Of(await RemoveSubtreeAsync(entry, ct));
    }

    /// <summary>
    /// Deletes everything inside an entry, then the entry itself, without the tree lock: for a folder already cut out,
    /// or an entry found in a place that is gone (an upload or a new folder whose parent was deleted meanwhile).
    /// </summary>
    public async Task<Removed> RemoveSubtreeAsync(EntryDocument folder, CancellationToken ct)
    {
        var inside = new List<ObjectId>();
        await foreach (var (entry, _) in walk.DescendantsAsync(folder.UserId, folder.Id, visibleOnly: false, ct))
            inside.Add(entry.Id);
        inside.Reverse(); // deepest first: a crash part-way leaves a smaller subtree still hanging from the folder
        var total = Removed.None;
        foreach (var batch in inside.Chunk(EntryStore.BatchSize))
            total = total.Add(await RemoveBatchAsync(folder.UserId, batch, ct));
        total = total.Add(await RemoveBatchAsync(folder.UserId, [folder.Id], ct));
        logger.LogInformation("Removed {EntryId} of user {UserId} with its subtree: {Entries} entries, {Bytes} bytes freed",
            folder.Id, folder.UserId, total.Entries, total.FreedBytes);
        return total;
    }

    /// <summary>
    /// Removes every entry of a deleted account, a batch at a time, each batch claimed as any removal claims it (so a
    /// folder delete still running beside it frees each byte once), until none is left unclaimed.
    /// </summary>
    public async Task<Removed> RemoveAllOfUserAsync(long userId, CancellationToken ct)
    {
        var total = Removed.None;
        for (var page = await entries.UnclaimedOfUserAsync(userId, EntryStore.BatchSize, ct); page.Count > 0;
             page = await entries.UnclaimedOfUserAsync(userId, EntryStore.BatchSize, ct))
            total = total.Add(await RemoveBatchAsync(userId, page, ct));
        return total;
    }

    /// <summary>Finishes entries a crashed removal had claimed but not deleted.</summary>
    public async Task<Removed> FinishClaimedAsync(IReadOnlyList<EntryDocument> claimed, CancellationToken ct)
    {
        var total = Removed.None;
        foreach (var group in claimed.GroupBy(e => (e.UserId, e.RemovedBy!.Value)))
            total = total.Add(await DeleteClaimedAsync(group.Key.UserId, group.Key.Value, group.ToList(), ct));
        return total;
    }

    private async Task<Removed> RemoveBatchAsync(long userId, IReadOnlyCollection<ObjectId> ids, CancellationToken ct)
    {
        var removal = ObjectId.GenerateNewId();
        var claimed = await entries.ClaimAsync(userId, ids, removal, ct);
        return claimed.Count == 0 ? Removed.None : await DeleteClaimedAsync(userId, removal, claimed, ct);
    }

    private async Task<Removed> DeleteClaimedAsync(long userId, ObjectId removal, List<EntryDocument> claimed, CancellationToken ct)
    {
        var ids = claimed.Select(e => e.Id).ToList();
        // Entries go before the counters follow: flagged first, so a failure in between is found by TempCleanup's quota step.
        if (claimed.Any(e => e.ChargedBytes > 0 || e.ReservedBytes > 0))
            await quota.MarkChangedAsync(userId, ct);
        // Two removals may finish the same claim (this one, slow, and TempCleanup taking it for dead): each frees only
        // what its own delete removed, so no byte is given back twice. A pending upload through an upload-only link
        // holds one of its files, so it goes alone, and only the delete that removed it gives that file back.
        var deleted = new List<EntryDocument>();
        var linked = claimed.Where(e => e is { State: EntryState.Pending, LinkShareId: not null }).ToList();
        foreach (var upload in linked)
        {
            if (await entries.DeleteClaimedAsync(userId, removal, [upload.Id], ct) != 1)
                continue;
            deleted.Add(upload);
            await AfterCommit.TryAsync(() => shares.GiveBackUploadAsync(userId, upload.LinkShareId!.Value, CancellationToken.None),
                logger, "give back a link's file", userId);
        }
        var rest = claimed.Except(linked).ToList();
        var removed = rest.Count == 0 ? 0 : await entries.DeleteClaimedAsync(userId, removal, rest.Select(e => e.Id).ToList(), ct);
        if (removed == rest.Count)
            deleted.AddRange(rest);
        else if (removed > 0)
            // Split with the other removal, entry by entry unknown: neither frees these; the user is flagged, so
            // TempCleanup's quota step settles their bytes once the drift has lasted its grace period.
            logger.LogWarning("Removal {Removal} of user {UserId} deleted {Removed} of {Claimed} claimed entries, another the rest; " +
                "their bytes are left to the quota step", removal, userId, removed, rest.Count);
        // A file cut out of the tree on its own (an orphan) is "deleting" but still charged like a ready one.
        var freed = deleted.Where(e => e is { State: EntryState.Ready or EntryState.Deleting, IsFolder: false }).Sum(e => e.ChargedBytes);
        var released = deleted.Where(e => e.State == EntryState.Pending).Sum(e => e.ReservedBytes);
        await AfterCommit.TryAsync(async () =>
        {
            await quota.FreeAsync(userId, freed, CancellationToken.None);
            await quota.ReleaseAsync(userId, released, CancellationToken.None);
        }, logger, "free the quota of removed entries", userId);
        await AfterCommit.TryAsync(() => shares.DeleteForEntriesAsync(userId, ids, CancellationToken.None), logger,
            "drop the shares of removed entries", userId);
        await blobs.DeleteAsync(userId, claimed.SelectMany(e => e.AllBlobs).ToList(), ct);
        return new Removed(deleted.Count, freed);
    }
}

/// <summary>What a removal did: removed (with its tally), found nothing to remove, or could not take the tree lock.</summary>
public sealed record RemoveOutcome(Removed? Done, bool IsBusy)
{
    public static readonly RemoveOutcome Gone = new(null, false);
    public static readonly RemoveOutcome Busy = new(null, true);

    public static RemoveOutcome Of(Removed removed) => new(removed, false);
}
