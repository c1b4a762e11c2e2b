using Azure;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

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
    private readonly long _userId;
    private readonly string _blobName;
    private IReadOnlyList<EntryDocument>? _folder;
    private EntryDocument? _entry;
    private IAsyncDisposable? _renewal;
    private bool _blobWritten;
    private bool _done;

    internal StreamedUpload(PendingUploads pending, ReadyFiles ready, BlobFiles blobs, long userId, string blobName, long reserved) =>
        (_pending, _ready, _blobs, _userId, _blobName, Reserved) = (pending, ready, blobs, userId, blobName, reserved);

    /// <summary>What was reserved of the user's quota for it: the most its bytes may take.</summary>
    public long Reserved { get; private set; }

    public bool IsClaimed => _entry is not null;

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
