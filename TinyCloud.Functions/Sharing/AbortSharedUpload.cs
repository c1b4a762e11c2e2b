using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Sharing;

/// <summary>Gives up a direct upload begun through an upload-only link; deleting its pending entry gives its file of the link's count back.</summary>
public sealed class AbortSharedUpload(SharedUploads uploads, DirectUploadFinish finish)
{
    [Function(nameof(AbortSharedUpload)), JsonBody<UploadIdRequest>]
    [Description("Abort a direct upload begun through an upload-only link.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/abort-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var (upload, error) = await uploads.FindAsync(request, request.Body<UploadIdRequest>().UploadId, ct);
        if (error is not null)
            return error;
        return await finish.AbortAsync(upload!) ? new Done() : Api.Conflict("The upload is already complete or was given up.");
    }
}
