using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Sharing;

/// <summary>Gives up a direct upload begun through an upload-only link; deleting its pending entry gives its file of the link's count back.</summary>
public sealed class AbortSharedUpload(SharedUploads shared, FileUploads uploads)
{
    [Function(nameof(AbortSharedUpload)), JsonBody<UploadIdRequest>]
    [Description("Abort a direct upload begun through an upload-only link.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/abort-upload")] HttpRequest request,
        CancellationToken ct)
    {
        if (!(await shared.FindAsync(request, request.Body<UploadIdRequest>().UploadId, ct)).Found(out var found, out var error))
            return error;
        return await uploads.AbortAsync(found.Upload) == AbortOutcome.Aborted
            ? new Done()
            : Api.Conflict("The upload is already complete or was given up.");
    }
}
