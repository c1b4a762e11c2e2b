using Azure;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Versions;

namespace TinyCloud.Shared.Uploads;

/// <summary>
/// One upload-file request's hold on the drive (see <see cref="FileUploads.OpenAsync"/>): its reservation, its pending
/// entry (claimed with a lease renewed while bytes flow) and its blob. Disposing it gives back whatever was not turned
/// into a ready file.
/// </summary>
public sealed class StreamedUpload : IAsyncDisposable
{
    private readonly PendingUploads _pending;
    private readonly ReadyFiles _ready;
    private readonly BlobFiles _blobs;
    private readonly FileVersions _versions;
    private readonly long _userId;
    private readonly string _blobName;
    private IReadOnlyList<EntryDocument>? _folder;
    private EntryDocument? _entry;
    private EntryDocument? _replacing;
    private IAsyncDisposable? _renewal;
    private bool _blobWritten;
    private bool _done;

    internal StreamedUpload(
        PendingUploads pending, ReadyFiles ready, BlobFiles blobs, FileVersions versions, long userId, string blobName, long reserved) =>
        (_pending, _ready, _blobs, _versions, _userId, _blobName, Reserved) = (pending, ready, blobs, versions, userId, blobName, reserved);

    /// <summary>What was reserved of the user's quota for it: the most its bytes may take.</summary>
    public long Reserved { get; private set; }

    public bool IsClaimed => _entry is not null;

    /// <summary>The upload will replace the content of this file (see <see cref="ClaimOrReplaceAsync"/>).</summary>
    public bool IsReplacing => _replacing is not null;

    /// <summary>The name the pending entry took.</summary>
    public string? ClaimedName => _entry?.Name;

    /// <summary>
    /// Takes the first free name of <paramref name="names"/> in <paramref name="folder"/> (root first) with a pending
    /// entry; an upload through an upload-only link hands its <paramref name="slot"/> to that entry.
    /// </summary>
    public async Task<ClaimOutcome> ClaimAsync(
        IReadOnlyList<EntryDocument> folder, IEnumerable<string> names, LinkSlot? slot, CancellationToken ct)
    {
        var (entry, outcome) = await _pending.TryClaimStreamAsync(_userId, folder, names, _blobName, Reserved, slot, ct);
        if (outcome == ClaimOutcome.FolderGone)
            Reserved = 0; // the claim gave it back
        if (entry is null)
            return outcome;
        (_entry, _folder) = (entry, folder);
        _renewal = _pending.KeepAlive(entry);
        return outcome;
    }

    /// <summary>
    /// Claims <paramref name="name"/> as <see cref="ClaimAsync"/> does; when a visible file holds it, claims the right
    /// to replace that file's content instead: a pending entry under the file itself, under a name no real entry can
    /// have, which holds the reservation and the blob while the bytes arrive (and is swept with the file if it goes).
    /// </summary>
    public async Task<ClaimOutcome> ClaimOrReplaceAsync(IReadOnlyList<EntryDocument> folder, string name, CancellationToken ct)
    {
        var outcome = await ClaimAsync(folder, [name], slot: null, ct);
        if (outcome != ClaimOutcome.NameTaken || await _pending.FindFileAsync(_userId, folder, name, ct) is not { } file)
            return outcome;
        var replacing = $"/replacing {MongoDB.Bson.ObjectId.GenerateNewId()}";
        var (entry, claimed) = await _pending.TryClaimStreamAsync(_userId, [.. folder, file], [replacing], _blobName, Reserved, null, ct);
        if (claimed == ClaimOutcome.FolderGone)
            Reserved = 0; // the claim gave it back
        if (entry is null)
            return claimed;
        (_entry, _folder, _replacing) = (entry, folder, file);
        _renewal = _pending.KeepAlive(entry);
        return ClaimOutcome.Claimed;
    }

    /// <summary>
    /// Makes the bytes the replaced file's content, keeping its present content as a version (with
    /// <paramref name="ifMatch"/>, only while that is still its <c>version_id</c>), and settles the quota: the file
    /// where it is now, or why not (then nothing is kept).
    /// </summary>
    public async Task<(Located? File, VersionProblem Problem)> FinishReplacingAsync(
        WrittenBlob written, string mimeType, string? ifMatch, CancellationToken ct)
    {
        var (entry, file) = (_entry!, _replacing ?? throw new InvalidOperationException("Claim a file to replace first."));
        try
        {
            await _blobs.SetHeadersAsync(_blobName, mimeType, written.Md5, written.Sha256, ct);
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return (null, VersionProblem.FileGone); // the file's removal took the pending entry and its blob
        }
        // The pending entry lets go of the blob before the file points at it: a reclaim of the entry can then never
        // delete the file's new bytes (the blob, unreferenced if this request dies here, is swept as an orphan).
        if (!await _pending.LetGoOfBlobAsync(entry, ct))
            return (null, VersionProblem.FileGone);
        var content = new EntryStore.Content(MongoDB.Bson.ObjectId.GenerateNewId(), _blobName, written.Size,
            written.Md5Hex, Convert.ToHexStringLower(written.Sha256), mimeType, default);
        var replaced = await _versions.ReplaceAsync(_userId, file.Id, content, ifMatch, ct);
        if (replaced.File is not { } now)
            return (null, replaced.Problem);
        _done = true;
        await _pending.SettleReplacingAsync(entry, Reserved, written.Size);
        Reserved = 0;
        return await _ready.WhereAsync(now, ct) is { } located ? (located, VersionProblem.None) : (null, VersionProblem.FileGone);
    }

    /// <summary>Streams the bytes into the upload's blob; stops, and reports Exceeded, past the reservation.</summary>
    public async Task<WrittenBlob> WriteAsync(Stream source, CancellationToken ct)
    {
        _blobWritten = true;
        return await _blobs.WriteAsync(_blobName, source, Reserved, ct);
    }

    /// <summary>
    /// Makes the claimed entry the ready file and settles the quota: where it is now, or null when its folder was
    /// deleted meanwhile (then nothing is kept).
    /// </summary>
    public async Task<Located?> FinishAsync(WrittenBlob written, string mimeType, CancellationToken ct)
    {
        var entry = _entry ?? throw new InvalidOperationException("Claim a name before finishing the upload.");
        try
        {
            await _blobs.SetHeadersAsync(_blobName, mimeType, written.Md5, written.Sha256, ct);
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return null; // the folder's removal took the pending entry and its blob
        }
        try
        {
            if (!await _ready.TryMarkReadyAsync(entry, new FileBytes(null, written.Size, written.Md5, written.Sha256, mimeType), Reserved, ct))
                return null;
        }
        catch (UploadOutcomeUnknownException)
        {
            // It may be the ready file now: nothing is given back here. Still pending, its claim lapses and TempCleanup
            // reclaims it; ready, TempCleanup's quota step settles it.
            _done = true;
            throw;
        }
        (_done, Reserved) = (true, 0);
        try
        {
            return await _ready.LocateAsync(entry, _folder, ct);
        }
        catch (MongoException)
        {
            return Located.Of([.. _folder!, entry]); // where it was put, moments ago
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_renewal is not null)
            await _renewal.DisposeAsync();
        if (!_done)
            await _pending.DiscardAsync(_userId, _entry, _blobWritten ? _blobName : null, Reserved);
    }
}
