using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Sharing;

/// <summary>Completes a direct upload begun through an upload-only link; a rejected one gives its file of the count back.</summary>
public sealed class CompleteSharedUpload(SharedUploads uploads, DirectUploadFinish finish, LinkFileCount files, EntryStore entries)
{
    [Function(nameof(CompleteSharedUpload)), JsonBody<UploadIdRequest>]
    [Description("Complete a direct upload begun through an upload-only link once its blob is committed.")]
    public async Task<Reply<LinkUploadResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/complete-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var (link, upload, error) = await uploads.FindAsync(request, request.Body<UploadIdRequest>().UploadId, ct);
        if (error is not null)
            return error;
        var completed = await finish.CompleteAsync(upload!, ct);
        if (completed.Body is { } done)
            return new LinkUploadResponse(done.FsEntity.Name, done.FsEntity.SizeBytes);
        // Rejected (wrong size, nothing put, copied): the upload is gone, and so is its hold on the link's count.
        if (upload!.State == EntryStates.Pending && await entries.FindByIdAsync(upload.Id, ct) is null)
            await files.GiveBackAsync(link!.Share);
        return completed.Error!.Status == StatusCodes.Status404NotFound ? SharedUploads.NotFound() : completed.Error;
    }
}
