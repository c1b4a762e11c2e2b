using MongoDB.Bson;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public static class UploadLookup
{
    /// <summary>
    /// The caller's direct upload (pending or completed) named by an upload_id, or the 404 envelope. Malformed ids,
    /// other users' uploads and entries that were not made by begin-upload all look the same: not found.
    /// </summary>
    public static async Task<(EntryDocument? Upload, ErrorResult? Error)> FindUploadAsync(
        this EntryStore entries, UserDocument user, string uploadId, CancellationToken ct)
    {
        var notFound = Api.NotFound("There is no such upload: it was aborted, expired or never begun.");
        if (!ObjectId.TryParse(uploadId, out var id))
            return (null, notFound);
        var entry = await entries.FindByIdAsync(id, ct);
        return entry is { DirectUpload: true } && entry.UserId == user.Id ? (entry, null) : (null, notFound);
    }
}
