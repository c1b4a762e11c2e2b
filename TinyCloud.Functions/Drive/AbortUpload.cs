using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>Gives up a direct upload: its pending entry, its blob (uncommitted blocks too) and its quota reservation.</summary>
public sealed class AbortUpload(EntryStore entries, DirectUploadFinish finish)
{
    [Function(nameof(AbortUpload)), Allow(Access.Verified), JsonBody<UploadIdRequest>]
    [Description("Abort a direct upload: deletes what was uploaded and gives back the reserved quota.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/abort-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<UploadIdRequest>();
        var (upload, notFound) = await entries.FindUploadAsync(request.CurrentUser(), body.UploadId, ct);
        if (upload is null)
            return notFound!;
        if (await finish.AbortAsync(upload))
            return new Done();
        return (upload.State == EntryStates.Ready ? upload : await entries.FindByIdAsync(upload.Id, ct)) is { State: EntryStates.Ready }
            ? Api.Conflict("The upload is already complete; delete the file with delete-entity instead.")
            : notFound!;
    }
}
