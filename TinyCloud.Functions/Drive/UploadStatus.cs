using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// The resumption aid of direct uploads. Listing uncommitted blocks needs read permission, which the write-only
/// upload URL deliberately lacks, so the service lists them for the client.
/// </summary>
public sealed class UploadStatus(EntryStore entries, DirectUploadBlobs uploads)
{
    [Function(nameof(UploadStatus)), Allow(Access.Verified), JsonBody<UploadIdRequest>]
    [Description("What storage holds for a direct upload: blocks put but not yet committed, and the committed length.")]
    public async Task<Reply<UploadStatusResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/upload-status")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<UploadIdRequest>();
        var (upload, notFound) = await entries.FindUploadAsync(request.CurrentUser(), body.UploadId, ct);
        if (upload is null)
            return notFound!;
        if (upload.State == EntryStates.Ready)
            return new UploadStatusResponse(body.UploadId, upload.State, upload.SizeBytes, upload.SizeBytes, []);
        var (committed, staged) = await uploads.BlocksAsync(upload.Blob!, ct);
        return new UploadStatusResponse(body.UploadId, upload.State, upload.ReservedBytes, committed, staged);
    }
}
