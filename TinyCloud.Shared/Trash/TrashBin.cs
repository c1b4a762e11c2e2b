using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Shared.Trash;

/// <summary>
/// A user's trash. Trashing is one update of the entry (a folder with all it holds), like a move: the entry is cut out
/// of the tree and keeps where it came from. Its bytes stay charged until it is deleted for good (here, or by
/// TempCleanup after <see cref="TrashOptions.RetentionDays"/>), which goes through <see cref="EntryRemover"/>'s
/// claim-based sweep and so frees exactly what was charged. Links to a trashed entry, or to anything inside it, are
/// dropped when it is trashed; a restore does not bring them back.
/// </summary>
public sealed class TrashBin(
    EntryStore entries, DriveTree tree, TreeLock locks, ShareStore shares, EntryRemover remover, TimeProvider clock,
    ILogger<TrashBin> logger)
{
    /// <summary>
    /// Moves a visible entry into the trash. A folder is trashed under the tree lock (like a folder delete), so no move
    /// lands inside it or takes something out of it meanwhile, and its path is read afresh under it.
    /// </summary>
    public async Task<TrashOutcome> TrashAsync(Located found, CancellationToken ct)
    {
        var userId = found.Entry.UserId;
        if (!found.Entry.IsFolder)
            return await TrashLocatedAsync(found, ct);
        await using var held = await locks.AcquireAsync(userId, ct);
        if (held is null)
            return TrashOutcome.Busy;
        // Read afresh under the lock; renamed or moved since the caller found it, it is not what the caller named any more.
        var chain = await tree.ChainOfAsync(userId, found.Entry.Id, ct);
        if (chain is null || !chain[^1].IsVisible || chain[^1].Name != found.Entry.Name || chain[^1].ParentId != found.Entry.ParentId)
            return TrashOutcome.Gone;
        var path = "/" + string.Join('/', chain.Skip(1).Select(e => e.Name));
        var outcome = await TrashLocatedAsync(new Located(chain[^1], DriveRoots.FieldOf(userId, chain[0].Id)!, path), ct);
        if (outcome.Trashed is not null)
            await DropUnreachableLinksAsync(userId, ct);
        return outcome;
    }

    /// <summary>Puts a trashed entry back where it was (into its folder, wherever that folder is now), as <paramref name="newName"/> if given.</summary>
    public async Task<RestoreOutcome> RestoreAsync(long userId, ObjectId id, string? newName, CancellationToken ct)
    {
        if (await entries.FindTrashedAsync(userId, id, ct) is not { Trash: { } info })
            return RestoreOutcome.Failed(RestoreProblem.NotInTrash);
        var name = newName ?? info.Name;
        await using var held = await locks.AcquireAsync(userId, ct);
        if (held is null)
            return RestoreOutcome.Failed(RestoreProblem.Busy);
        // Under the lock no move or folder delete runs, so the folder found here is still reachable at the update.
        var chain = await tree.ChainOfAsync(userId, info.ParentId, ct);
        if (chain is null || !chain[^1].IsFolder)
            return RestoreOutcome.Failed(await WhyUnreachableAsync(info.ParentId, ct), DrivePath.Parent(info.Path));
        var field = DriveRoots.FieldOf(userId, chain[0].Id)!;
        var path = DrivePath.Combine("/" + string.Join('/', chain.Skip(1).Select(e => e.Name)), name);
        // A link made while the entry was being trashed could have outlived the drop: it must not come back with it.
        await DropUnreachableLinksAsync(userId, ct);
        switch (await entries.TryRestoreAsync(userId, id, info.ParentId, name, ct))
        {
            case Change.NameTaken:
                return RestoreOutcome.Failed(RestoreProblem.NameTaken, path);
            case Change.Missing:
                return RestoreOutcome.Failed(RestoreProblem.NotInTrash);
        }
        logger.LogInformation("User {UserId} restored entry {EntryId}", userId, id);
        var restored = await entries.FindByIdAsync(id, ct);
        return new RestoreOutcome(new Located(restored!, field, path), RestoreProblem.None);
    }

    /// <summary>Deletes one trashed entry (with all it holds) for good; null when it is not in the caller's trash.</summary>
    public async Task<Removed?> DeleteForeverAsync(long userId, ObjectId id, CancellationToken ct)
    {
        var entry = await entries.TryBeginPurgeAsync(userId, id, ct);
        // Once begun, finished whatever the caller does: TempCleanup would otherwise have to sweep the rest.
        return entry is null ? null : await remover.RemoveSubtreeAsync(entry, CancellationToken.None);
    }

    /// <summary>Deletes everything in a user's trash for good, a page at a time.</summary>
    public async Task<Removed> EmptyAsync(long userId, CancellationToken ct)
    {
        var total = Removed.None;
        ObjectId? before = null;
        for (var page = await entries.TrashPageAsync(userId, before, EntryStore.BatchSize, ct); page.Count > 0;
             page = await entries.TrashPageAsync(userId, before, EntryStore.BatchSize, ct))
        {
            foreach (var entry in page)
                if (await DeleteForeverAsync(userId, entry.Id, ct) is { } removed)
                    total = total.Add(removed);
            before = page[^1].Trash!.Key;
        }
        return total;
    }

    private async Task<TrashOutcome> TrashLocatedAsync(Located found, CancellationToken ct)
    {
        var entry = found.Entry;
        var now = clock.GetUtcNow().UtcDateTime;
        var info = new TrashInfo
        {
            Key = ObjectId.GenerateNewId(now), Field = found.Field, ParentId = entry.ParentId, Name = entry.Name,
            Path = found.Path, DeletedAt = now,
        };
        if (!await entries.TryTrashAsync(entry, info, ct))
            return TrashOutcome.Gone;
        await shares.DeleteForEntryAsync(entry.UserId, entry.Id, ct);
        logger.LogInformation("User {UserId} moved entry {EntryId} to the trash", entry.UserId, entry.Id);
        entry.Trash = info;
        entry.State = EntryState.Trashed;
        return new TrashOutcome(entry, false);
    }

    /// <summary>Drops the user's links whose entries no listing reaches (inside the trash), and clears their flags.</summary>
    private async Task DropUnreachableLinksAsync(long userId, CancellationToken ct)
    {
        var links = await shares.ListForUserAsync(userId, ct);
        if (links.Count == 0)
            return;
        var found = await entries.FindByIdsAsync(links.Select(s => s.EntryId), ct);
        var located = await tree.LocateManyAsync(found.Values.Where(e => e.UserId == userId && e.IsVisible).ToList(), ct);
        var dead = links.Where(s => !located.ContainsKey(s.EntryId)).Select(s => s.EntryId).ToList();
        foreach (var entryId in dead)
            await shares.DeleteForEntryAsync(userId, entryId, ct);
        await entries.ClearSharedAsync(userId, dead, ct);
    }

    /// <summary>Why a folder is not reachable: in the trash (itself or an ancestor), or gone.</summary>
    private async Task<RestoreProblem> WhyUnreachableAsync(ObjectId folderId, CancellationToken ct)
    {
        var current = await entries.FindByIdAsync(folderId, ct);
        for (var depth = 0; current is not null && depth < DriveTree.MaxDepth; depth++)
        {
            if (current.State == EntryState.Trashed)
                return RestoreProblem.ParentInTrash;
            if (current.ParentId == current.Id || current.IsRoot() || current.State != EntryState.Ready)
                break;
            current = await entries.FindByIdAsync(current.ParentId, ct);
        }
        return RestoreProblem.ParentGone;
    }
}
