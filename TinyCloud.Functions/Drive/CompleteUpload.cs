using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

/// <summary>Finishes the caller's direct upload (see <see cref="FileUploads.CompleteAsync"/>). Completing again is harmless.</summary>
public sealed class CompleteUpload(FileUploads uploads, ActivityRecorder activity)
{
    [Function(nameof(CompleteUpload)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<UploadIdRequest>]
    [Description("Complete a direct upload once its blob is committed; returns the ready file.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/complete-upload")] HttpRequest request,
        CancellationToken ct)
    {
        if (await uploads.FindDirectAsync(request.CurrentUser().Id, request.Body<UploadIdRequest>().UploadId, ct) is not { } upload)
            return DirectUploadReplies.NotFound();
        var completed = await uploads.CompleteAsync(upload, folder: null, ct);
        if (completed.Ready is not { } ready)
            return DirectUploadReplies.Failure(completed);
        await activity.UploadedAsync(request, ready, ct);
        return new EntityResponse(EntityView.From(ready));
    }
}
