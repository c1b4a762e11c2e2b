using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Shared.Copies;

/// <summary>
/// Copies a file or a folder (within or across fields) without copying bytes: every copied file shares its source's
/// blob, which is deleted only once no entry refers to it (<see cref="Removal.BlobDeletions"/> asks first). The copy's
/// whole logical size is reserved up front by its pending top, which holds the name; its entries are inserted
/// invisible and uncharged (<see cref="EntryState.Copying"/>); then the reservation becomes usage, the entries become
/// ready and the top last, so a reader sees all of the copy or none of it. A copy abandoned half way (a dead worker)
/// is given up by TempCleanup: its top's claim lapses like an upload's (reservation given back), and its entries go.
/// </summary>
public sealed class EntryCopies(
    EntryStore entries, FolderWalk walk, DriveTree tree, PendingUploads pending, QuotaStore quota, BlobDeletions blobDeletions,
    TimeProvider clock, ILogger<EntryCopies> logger)
{
    /// <summary>Copies <paramref name="source"/> into the folder <paramref name="into"/> ends with, as <paramref name="name"/>.</summary>
    public async Task<CopyOutcome> CopyAsync(Located source, IReadOnlyList<EntryDocument> into, string name, CancellationToken ct)
    {
        var origin = source.Entry;
        var inside = new List<EntryDocument>();
        if (origin.IsFolder)
            await foreach (var (entry, _) in walk.DescendantsAsync(origin.UserId, origin.Id, visibleOnly: true, ct))
                inside.Add(entry);
        var files = inside.Where(e => !e.IsFolder).Append(origin).Where(e => !e.IsFolder).ToList();
        var total = files.Sum(f => f.SizeBytes);
        if (!await pending.TryReserveAsync(origin.UserId, total, ct))
            return CopyOutcome.Failed(CopyProblem.OverQuota);

        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var top = Copied(origin, into[^1].Id, ObjectId.GenerateNewId(), now).Named(name);
        (top.State, top.ReservedBytes, top.ExpiresAt, top.CopyOf) = (EntryState.Pending, total, now + PendingUploads.ClaimLease, null);
        (top.CopyBlob, top.Blob) = (origin.Blob, null);
        if (!await entries.TryInsertAsync(top, ct))
        {
            await pending.ReleaseAsync(origin.UserId, total);
            return CopyOutcome.Failed(CopyProblem.NameTaken);
        }
        var committed = false;
        try
        {
            await using var renewal = pending.KeepAlive(top);
            if (!await tree.IsStillAttachedAsync(into, ct))
                return CopyOutcome.Failed(CopyProblem.FolderGone);
            var ids = new Dictionary<ObjectId, ObjectId> { [origin.Id] = top.Id };
            foreach (var batch in inside.Chunk(EntryStore.BatchSize))
            {
                var copies = batch.Select(e => Copied(e, ids[e.ParentId], ids[e.Id] = ObjectId.GenerateNewId(), now)).ToList();
                copies.ForEach(c => c.CopyOf = top.Id);
                await entries.InsertCopiesAsync(copies, ct);
            }
            // The copies now refer to the sources' blobs. A removal deletes a blob only after its entry is gone and
            // only if nothing refers to it then: so if every blob is still referred to by something else now, any
            // later removal sees these copies; if one is not, its blob may already be gone, and the copy is given up.
            var blobs = files.Select(f => f.Blob).OfType<string>().ToHashSet();
            foreach (var chunk in blobs.Chunk(EntryStore.BatchSize))
                if ((await entries.FindReferencedBlobsOutsideAsync(chunk, top.Id, ct)).Count != chunk.Length)
                    return CopyOutcome.Failed(CopyProblem.SourceChanged);
            // A folder delete cuts its top out before it sweeps what is inside: if the source is still reachable now,
            // the walk above saw all of it; if not, the walk may have seen part of it, and the copy is given up.
            if (await entries.FindByIdAsync(origin.Id, ct) is not { IsVisible: true } still || await tree.LocateAsync(still, ct) is null)
                return CopyOutcome.Failed(CopyProblem.SourceChanged);

            await quota.SettleOnceAsync(origin.UserId, top.Id, total, total, ct);
            committed = true;
            await entries.ReadyCopiesAsync(top.Id, ct);
            if (!await entries.CommitCopyTopAsync(top, ct))
            {
                // Reclaimed meanwhile (this worker stalled past the claim): it gave the reservation back, and what was
                // made ready here is cut out and swept by TempCleanup; the quota step settles the difference.
                logger.LogWarning("Copy {CopyId} of user {UserId} was given up before it could be committed", top.Id, origin.UserId);
                return CopyOutcome.Failed(CopyProblem.Abandoned);
            }
            (top.State, top.ReservedBytes, top.ExpiresAt, top.Blob, top.CopyBlob) = (EntryState.Ready, 0, null, top.CopyBlob, null);
        }
        finally
        {
            if (!committed)
                await GiveUpAsync(top);
        }
        logger.LogInformation("Copied {SourceId} of user {UserId} as {CopyId}: {Entries} entries, {Bytes} bytes shared",
            origin.Id, origin.UserId, top.Id, inside.Count + 1, total);
        return await tree.LocateAsync(top, ct) is { } located
            ? new CopyOutcome(located, CopyProblem.None, inside.Count + 1, total)
            : CopyOutcome.Failed(CopyProblem.FolderGone);
    }

    /// <summary>Removes a copy not committed: its entries, then its top, whose delete gives its reservation back (once).</summary>
    private async Task GiveUpAsync(EntryDocument top)
    {
        try
        {
            var blobs = await entries.DeleteCopiesAsync(top.Id, CancellationToken.None);
            await pending.TryAbandonAsync(top, CancellationToken.None);
            // Deleted only where nothing refers to them any more: a source removed while it was copied.
            await blobDeletions.DeleteAsync(top.UserId, blobs, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not give up copy {CopyId}; TempCleanup will", top.Id);
        }
    }

    private static EntryDocument Copied(EntryDocument source, ObjectId parentId, ObjectId id, DateTime now) => new EntryDocument
    {
        Id = id, UserId = source.UserId, ParentId = parentId, Kind = source.Kind, SizeBytes = source.SizeBytes,
        MimeType = source.MimeType, Md5 = source.Md5, Sha256 = source.Sha256, Blob = source.Blob, State = EntryState.Copying,
        CreatedAt = now, ModifiedAt = source.ModifiedAt,
    }.Named(source.Name);
}
