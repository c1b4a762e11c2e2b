using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Sharing;

/// <summary>Gives up a direct upload begun through an upload-only link, with its file of the link's count.</summary>
public sealed class AbortSharedUpload(SharedUploads uploads, DirectUploadFinish finish, LinkFileCount files)
{
    [Function(nameof(AbortSharedUpload)), JsonBody<UploadIdRequest>]
    [Description("Abort a direct upload begun through an upload-only link.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/abort-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var (link, upload, error) = await uploads.FindAsync(request, request.Body<UploadIdRequest>().UploadId, ct);
        if (error is not null)
            return error;
        if (!await finish.AbortAsync(upload!))
            return Api.Conflict("The upload is already complete or was given up.");
        await files.GiveBackAsync(link!.Share);
        return new Done();
    }
}
