using Azure;
using MongoDB.Driver;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions.Drive;

/// <summary>Where an upload goes: the checked path and the chain of folders from the root to its parent.</summary>
public sealed record UploadTarget(DriveTarget Target, IReadOnlyList<EntryDocument> Folder);

/// <summary>
/// One upload-file request's hold on the drive: its reservation, its pending entry (claimed with a lease renewed
/// while bytes flow) and its blob. Disposing it gives back whatever was not turned into a ready file.
/// </summary>
public sealed class UploadSession(
    EntryStore entries, QuotaStore quota, PendingUploads pending, DriveTree tree, EntryRemover remover, TimeProvider clock,
    ILogger logger, long userId, string blobName, long reserved) : IAsyncDisposable
{
    private EntryDocument? _entry;
    private IAsyncDisposable? _renewal;
    private bool _blobWritten;
    private bool _done;

    public string BlobName => blobName;
    public long Reserved => reserved;
    public bool IsClaimed => _entry is not null;

    /// <summary>Takes the name with a pending entry; a 409 when it is taken, a 404 when the folder was deleted meanwhile.</summary>
    public async Task<ErrorResult?> ClaimAsync(UploadTarget to, CancellationToken ct) =>
        await ClaimFirstFreeAsync(to.Folder, [to.Target.Name], slot: null, ct) switch
        {
            ClaimOutcome.NameTaken => Api.Conflict($"'{to.Target.Path}' already exists in {to.Target.Field}."),
            ClaimOutcome.FolderGone => Api.NotFound($"The folder '{to.Target.Parent}' was deleted while the upload began."),
            _ => null,
        };

    /// <summary>
    /// Takes the first free name of <paramref name="names"/> in the folder, with a pending entry; an upload through an
    /// upload-only link hands its <paramref name="slot"/> to that entry.
    /// </summary>
    public async Task<ClaimOutcome> ClaimFirstFreeAsync(
        IReadOnlyList<EntryDocument> folder, IEnumerable<string> names, LinkSlot? slot, CancellationToken ct)
    {
        var lease = clock.GetUtcNow().UtcDateTime + PendingUploads.ClaimLease;
        var claim = new UploadClaim(userId, folder, "", blobName, reserved, lease) { Slot = slot };
        var (entry, outcome) = await pending.TryClaimFirstFreeAsync(claim, names, ct);
        if (outcome == ClaimOutcome.FolderGone)
            reserved = 0; // the claim gave it back
        if (entry is null)
            return outcome;
        _entry = entry;
        _renewal = pending.KeepAlive(entry);
        return outcome;
    }

    /// <summary>The name the pending entry took.</summary>
    public string? ClaimedName => _entry?.Name;

    public async Task<WrittenBlob> WriteAsync(BlobFiles blobs, Stream source, CancellationToken ct)
    {
        _blobWritten = true;
        return await blobs.WriteAsync(blobName, source, reserved, ct);
    }

    /// <summary>Makes the pending entry the ready file and settles the quota; undoes it if its folder was deleted meanwhile.</summary>
    public async Task<Reply<EntityResponse>> FinishAsync(
        BlobFiles blobs, UploadTarget to, WrittenBlob written, string mimeType, CancellationToken ct)
    {
        var entry = _entry!;
        try
        {
            await blobs.SetHeadersAsync(blobName, mimeType, written.Md5, ct);
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return FolderDeleted(to); // the folder's removal took the pending entry and its blob
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await entries.MarkReadyAsync(entry.UserId, entry.Id, null, written.Size, written.Md5Hex, mimeType, now, ct))
            return FolderDeleted(to);
        // The file is in: from here on the request succeeds (see AfterCommit).
        _done = true;
        var (settle, used) = (reserved, written.Size);
        await AfterCommit.TryAsync(() => quota.SettleAsync(userId, settle, used, CancellationToken.None), logger, "settle the upload's quota", userId);
        reserved = 0;
        (entry.State, entry.SizeBytes, entry.Md5, entry.MimeType, entry.ModifiedAt) =
            (EntryStates.Ready, written.Size, written.Md5Hex, mimeType, now);
        Located? located;
        try
        {
            located = await tree.LocateAsync(entry, ct);
        }
        catch (MongoException)
        {
            located = new Located(entry, to.Target.Field, to.Target.Path); // where it was put, moments ago
        }
        if (located is not null)
            return new EntityResponse(EntityView.From(located));
        await remover.RemoveSubtreeAsync(entry, CancellationToken.None);
        return FolderDeleted(to);
    }

    public async ValueTask DisposeAsync()
    {
        if (_renewal is not null)
            await _renewal.DisposeAsync();
        if (!_done)
            await pending.DiscardAsync(userId, _entry, _blobWritten ? blobName : null, reserved);
    }

    private static ErrorResult FolderDeleted(UploadTarget to) =>
        Api.Conflict($"The folder '{to.Target.Parent}' was deleted while the file was arriving; nothing was kept.");
}
