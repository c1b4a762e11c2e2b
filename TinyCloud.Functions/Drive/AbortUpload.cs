using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

/// <summary>Gives up a direct upload: its pending entry, its blob (uncommitted blocks too) and its quota reservation.</summary>
public sealed class AbortUpload(FileUploads uploads)
{
    [Function(nameof(AbortUpload)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<UploadIdRequest>]
    [Description("Abort a direct upload: deletes what was uploaded and gives back the reserved quota.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/abort-upload")] HttpRequest request,
        CancellationToken ct)
    {
        if (await uploads.FindDirectAsync(request.CurrentUser().Id, request.Body<UploadIdRequest>().UploadId, ct) is not { } upload)
            return DirectUploadReplies.NotFound();
        return await uploads.AbortAsync(upload) switch
        {
            AbortOutcome.Aborted => new Done(),
            AbortOutcome.AlreadyComplete => Api.Conflict("The upload is already complete; delete the file with delete-entity instead."),
            _ => DirectUploadReplies.NotFound(),
        };
    }
}
