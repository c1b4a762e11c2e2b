using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed class DownloadFile(DriveTree tree, BlobFiles blobs)
{
    [Function(nameof(DownloadFile)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<EntityRequest>]
    [Description("Download a file's bytes (streamed; Range, ETag and If-None-Match supported).")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/download-service/download-file")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        if (body.FsEntity.BaseType != EntryKinds.File)
            return Api.BadRequest("download-file takes a file; use download-folder for folders.");
        return (await tree.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct)).Found(out var file, out var notFound)
            ? new BlobFileResult(file.Entry, blobs, inline: false)
            : notFound;
    }
}
