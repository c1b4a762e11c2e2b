using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class DownloadFile(EntryStore entries, BlobFiles blobs) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/download-service/download-file", Access.Verified)
    {
        RequestBody = typeof(EntityRequest),
        Summary = "Download a file's bytes (streamed; Range, ETag and If-None-Match supported).",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<EntityRequest>(ct)).IsValid(out var body, out var error))
            return error;
        if (body.FsEntity.BaseType != EntryKinds.File)
            return Api.BadRequest("download-file takes a file; use download-folder for folders.");
        var (file, notFound) = await entries.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct);
        return file is null ? notFound! : new BlobFileResult(file, blobs, inline: false);
    }
}
