using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// The resumption aid of direct uploads. Listing uncommitted blocks needs read permission, which the write-only
/// upload URL deliberately lacks, so the service lists them for the client.
/// </summary>
public sealed class UploadStatus(FileUploads uploads)
{
    [Function(nameof(UploadStatus)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<UploadIdRequest>]
    [Description("What storage holds for a direct upload: blocks put but not yet committed, and the committed length.")]
    public async Task<Reply<UploadStatusResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/upload-status")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<UploadIdRequest>();
        if (await uploads.FindDirectAsync(request.CurrentUser().Id, body.UploadId, ct) is not { } upload)
            return DirectUploadReplies.NotFound();
        if (upload.State == EntryState.Ready)
            return new UploadStatusResponse(body.UploadId, LowerCaseEnumSerializer<EntryState>.Name(upload.State), upload.SizeBytes, upload.SizeBytes, []);
        var (committed, staged) = await uploads.BlocksAsync(upload, ct);
        return new UploadStatusResponse(body.UploadId, LowerCaseEnumSerializer<EntryState>.Name(upload.State), upload.ReservedBytes, committed, staged);
    }
}
