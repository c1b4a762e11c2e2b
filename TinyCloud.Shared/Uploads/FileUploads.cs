using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Versions;

namespace TinyCloud.Shared.Uploads;

/// <summary>
/// Every way bytes become a file: streamed through a request (upload-file, and a visitor's upload through an
/// upload-only link, on the owner's quota) and direct uploads straight to Blob Storage (begin, complete, abort). Quota
/// is reserved before any byte is written and settles to the real size; whatever fails is given back.
/// </summary>
public sealed partial class FileUploads(
    PendingUploads pending, ReadyFiles ready, BlobFiles blobs, DirectUploadBlobs staging, FileVersions versions,
    IOptions<DriveOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Opens an upload of at most <paramref name="wanted"/> bytes for <paramref name="userId"/>, reserving that much of
    /// the quota or what is left; <paramref name="knownFree"/>, the user's free bytes as read with the user, saves a read.
    /// </summary>
    public async Task<StreamedUpload> OpenAsync(long userId, long wanted, long? knownFree, CancellationToken ct)
    {
        var reserved = knownFree is { } free
            ? await pending.ReserveUpToAsync(userId, wanted, free, ct)
            : await pending.ReserveUpToAsync(userId, wanted, knownFree: -1, ct);
        return new StreamedUpload(pending, ready, blobs, versions, userId, blobs.NewBlobName(userId), reserved);
    }

    /// <summary>
    /// The user's direct upload (pending or completed) named by an upload_id; null for malformed ids, other users'
    /// uploads and entries not made by begin-upload alike.
    /// </summary>
    public Task<EntryDocument?> FindDirectAsync(long userId, string uploadId, CancellationToken ct) =>
        pending.FindDirectAsync(userId, ObjectId.TryParse(uploadId, out var id) ? id : null, ct);

    public Task<EntryDocument?> FindDirectAsync(long userId, ObjectId? id, CancellationToken ct) => pending.FindDirectAsync(userId, id, ct);

    /// <summary>What storage holds for a pending direct upload: the committed length and the blocks put but not committed.</summary>
    public Task<(long Committed, IReadOnlyList<StagedBlock> Staged)> BlocksAsync(EntryDocument upload, CancellationToken ct) =>
        staging.BlocksAsync(upload.Blob!, ct);
}
