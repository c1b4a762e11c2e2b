using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>Finishes the caller's direct upload (see <see cref="DirectUploadFinish"/>). Completing again is harmless.</summary>
public sealed class CompleteUpload(EntryStore entries, DirectUploadFinish finish)
{
    [Function(nameof(CompleteUpload)), Allow(Access.Verified), JsonBody<UploadIdRequest>]
    [Description("Complete a direct upload once its blob is committed; returns the ready file.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/complete-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var (upload, notFound) = await entries.FindUploadAsync(request.CurrentUser(), request.Body<UploadIdRequest>().UploadId, ct);
        return upload is null ? notFound! : await finish.CompleteAsync(upload, ct);
    }
}
