using Azure.Storage.Blobs.Models;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Removal;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Finishes a direct upload, for complete-upload and for uploads begun through an upload-only link. The committed blob must have exactly the declared size and have been put, not copied; it
/// is then copied into the files' container, given its content type and MD5, and the reservation becomes usage; the
/// staging container goes, so the upload URL can write nothing more. A missing, wrongly sized or copied blob gives
/// everything back. Completing again is harmless.
/// </summary>
public sealed class DirectUploadFinish(
    EntryStore entries, DriveTree tree, EntryRemover remover, QuotaStore quota, PendingUploads pending,
    DirectUploadBlobs uploads, BlobFiles blobs, TimeProvider clock, ILogger<DirectUploadFinish> logger)
{
    /// <summary>Completes <paramref name="upload"/> (pending or already completed): the ready file, or why not.</summary>
    public async Task<Reply<EntityResponse>> CompleteAsync(EntryDocument upload, CancellationToken ct)
    {
        if (upload.State == EntryStates.Ready)
            return await ReadyAsync(upload, ct);

        var declared = upload.ReservedBytes;
        var staged = await uploads.FindAsync(upload.Blob!, ct);
        if (staged is null)
            return await RejectAsync(upload, "Nothing was uploaded: commit the block list (or put the whole blob) before completing.");
        if (staged.BlobType != BlobType.Block)
            return await RejectAsync(upload, "The upload must be a block blob (Put Block + Put Block List, or Put Blob).");
        if (staged.ContentLength != declared)
            return await RejectAsync(upload, $"The uploaded blob has {staged.ContentLength} bytes but size_bytes was {declared}.");
        if (DirectUploadBlobs.WasCopied(staged))
            return await RejectAsync(upload, "The blob was copied from another blob (Copy Blob); only bytes put through the upload URL are accepted.");

        var sealedName = blobs.NewBlobName(upload.UserId);
        var ready = false;
        try
        {
            switch (await uploads.SealAsync(upload.Blob!, staged.ETag, sealedName, ct))
            {
                case SealOutcome.Missing:
                    return await RejectAsync(upload, "Nothing was uploaded: the blob disappeared before it could be completed.");
                case SealOutcome.Changed:
                    return Api.Conflict(
                        "The blob was written to while the upload was being completed; complete it again once every write is done.");
            }
            // A client-supplied blob MD5 is kept as it is; otherwise the service reads the bytes once to compute it.
            var md5 = staged.ContentHash is { Length: 16 } hash ? hash : await uploads.ComputeMd5Async(sealedName, ct);
            var mimeType = upload.MimeType ?? ContentTypes.Fallback;
            await blobs.SetHeadersAsync(sealedName, mimeType, md5, ct);
            ready = await entries.MarkReadyAsync(upload.UserId, upload.Id, sealedName, declared, Convert.ToHexStringLower(md5), mimeType,
                clock.GetUtcNow().UtcDateTime, ct);
            if (!ready)
                return await SettledElsewhereAsync(upload, ct);
            await AfterCommit.TryAsync(() => quota.SettleAsync(upload.UserId, declared, declared, CancellationToken.None),
                logger, "settle the upload's quota", upload.UserId);
        }
        finally
        {
            if (!ready)
                await uploads.TryDiscardAsync(sealedName);
        }
        await uploads.TryDiscardAsync(upload.Blob!);
        return await ReadyAsync((await entries.FindByIdAsync(upload.Id, ct))!, ct);
    }

    /// <summary>
    /// Gives up a pending direct upload: its entry, its staging container, its reservation and the link file it holds;
    /// false when another call got it first (and gave those back).
    /// </summary>
    public async Task<bool> AbortAsync(EntryDocument upload)
    {
        if (upload.State != EntryStates.Pending || !await pending.TryAbandonAsync(upload, CancellationToken.None))
            return false;
        await uploads.TryDiscardAsync(upload.Blob!);
        return true;
    }

    /// <summary>The upload cannot become the declared file: the entry, the blob, the reservation and any link file all go.</summary>
    private async Task<Reply<EntityResponse>> RejectAsync(EntryDocument upload, string reason)
    {
        if (!await pending.TryAbandonAsync(upload, CancellationToken.None))
            return await SettledElsewhereAsync(upload, CancellationToken.None);
        await uploads.TryDiscardAsync(upload.Blob!);
        return Api.BadRequest($"{reason} The upload was discarded and its quota given back; begin a new one.");
    }

    /// <summary>Another call got there first: a concurrent completion (then this one succeeds too), or an abort.</summary>
    private async Task<Reply<EntityResponse>> SettledElsewhereAsync(EntryDocument upload, CancellationToken ct) =>
        await entries.FindByIdAsync(upload.Id, ct) is { State: EntryStates.Ready } done
            ? await ReadyAsync(done, ct)
            : Gone;

    /// <summary>The completed file where it is now; if its folder was deleted while it was uploaded, it goes too.</summary>
    private async Task<Reply<EntityResponse>> ReadyAsync(EntryDocument file, CancellationToken ct)
    {
        if (await tree.LocateAsync(file, ct) is { } located)
            return new EntityResponse(EntityView.From(located));
        await remover.RemoveSubtreeAsync(file, CancellationToken.None);
        return Gone;
    }

    private static ErrorResult Gone =>
        Api.NotFound("The upload was aborted or expired, or its folder was deleted, while it was being completed.");
}
