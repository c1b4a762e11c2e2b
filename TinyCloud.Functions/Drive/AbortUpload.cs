using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>Gives up a direct upload: its pending entry, its blob (uncommitted blocks too) and its quota reservation.</summary>
public sealed class AbortUpload(EntryStore entries, PendingUploads pending, DirectUploadBlobs uploads) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/fs-service/abort-upload", Access.Verified)
    {
        RequestBody = typeof(UploadIdRequest), ResponseBody = typeof(Done),
        Summary = "Abort a direct upload: deletes what was uploaded and gives back the reserved quota.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<UploadIdRequest>(ct)).IsValid(out var body, out var error))
            return error;
        var (upload, notFound) = await entries.FindUploadAsync(request.CurrentUser(), body.UploadId, ct);
        if (upload is null)
            return notFound!;
        if (upload.State == EntryStates.Pending && await pending.TryAbandonAsync(upload, CancellationToken.None))
        {
            await uploads.TryDiscardAsync(upload.Blob!);
            return Api.Ok();
        }
        return (upload.State == EntryStates.Ready ? upload : await entries.FindByIdAsync(upload.Id, ct)) is { State: EntryStates.Ready }
            ? Api.Conflict("The upload is already complete; delete the file with delete-entity instead.")
            : notFound!;
    }
}
