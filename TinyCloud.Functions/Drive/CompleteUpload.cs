using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

/// <summary>Finishes the caller's direct upload (see <see cref="FileUploads.CompleteAsync"/>). Completing again is harmless.</summary>
public sealed class CompleteUpload(FileUploads uploads, ActivityRecorder activity)
{
    [Function(nameof(CompleteUpload)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<CompleteUploadRequest>]
    [Description("Complete a direct upload once its blob is committed; the server hashes the bytes (SHA-256), checks any "
        + "sha256 sent here or at begin-upload (a mismatch is a 422 that discards the upload) and returns the ready file.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/complete-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<CompleteUploadRequest>();
        if (await uploads.FindDirectAsync(request.CurrentUser().Id, body.UploadId, ct) is not { } upload)
            return DirectUploadReplies.NotFound();
        var completed = await uploads.CompleteAsync(upload, folder: null, ct, Sha256Hex.Normalize(body.Sha256));
        if (completed.Ready is not { } ready)
            return DirectUploadReplies.Failure(completed);
        // A completion repeated, or made beside the one that landed, reports nothing new.
        if (completed.ByThisCall)
            await (upload.ReplacesId is null
                ? activity.UploadedAsync(request, ready, ct)
                : activity.ReplacedAsync(request, ready, ct));
        return new EntityResponse(EntityView.From(ready));
    }
}
