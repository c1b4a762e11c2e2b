using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// The resumption aid of direct uploads. Listing uncommitted blocks needs read permission, which the write-only
/// upload URL deliberately lacks, so the service lists them for the client.
/// </summary>
public sealed class UploadStatus(EntryStore entries, DirectUploadBlobs uploads) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/fs-service/upload-status", Access.Verified)
    {
        RequestBody = typeof(UploadIdRequest), ResponseBody = typeof(UploadStatusResponse),
        Summary = "What storage holds for a direct upload: blocks put but not yet committed, and the committed length.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<UploadIdRequest>(ct)).IsValid(out var body, out var error))
            return error;
        var (upload, notFound) = await entries.FindUploadAsync(request.CurrentUser(), body.UploadId, ct);
        if (upload is null)
            return notFound!;
        if (upload.State == EntryStates.Ready)
            return Api.Ok(new UploadStatusResponse(body.UploadId, upload.State, upload.SizeBytes, upload.SizeBytes, []));
        var (committed, staged) = await uploads.BlocksAsync(upload.Blob!, ct);
        return Api.Ok(new UploadStatusResponse(body.UploadId, upload.State, upload.ReservedBytes, committed, staged));
    }
}
