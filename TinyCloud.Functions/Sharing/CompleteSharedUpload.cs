using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// Completes a direct upload begun through an upload-only link. A rejected one is discarded, and the discard (the one
/// delete of its pending entry) gives its file of the link's count back.
/// </summary>
public sealed class CompleteSharedUpload(SharedUploads uploads, DirectUploadFinish finish)
{
    [Function(nameof(CompleteSharedUpload)), JsonBody<UploadIdRequest>]
    [Description("Complete a direct upload begun through an upload-only link once its blob is committed.")]
    public async Task<Reply<LinkUploadResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/complete-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var (upload, error) = await uploads.FindAsync(request, request.Body<UploadIdRequest>().UploadId, ct);
        if (error is not null)
            return error;
        var completed = await finish.CompleteAsync(upload!, ct);
        if (completed.Body is { } done)
            return new LinkUploadResponse(done.FsEntity.Name, done.FsEntity.SizeBytes);
        return completed.Error!.Status == StatusCodes.Status404NotFound ? SharedUploads.NotFound() : completed.Error;
    }
}
