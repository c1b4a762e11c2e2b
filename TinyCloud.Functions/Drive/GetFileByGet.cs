using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed class GetFileByGet(DriveTree tree, BlobFiles blobs)
{
    [Function(nameof(GetFileByGet)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified)]
    [Description("A file by GET (?abs_path=&file_field=), shown inline, for <img src>.")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/utils-service/download-img-via-get-route")] HttpRequest request,
        CancellationToken ct)
    {
        if (!DriveTarget.TryParse(request.Query["file_field"].ToString(), request.Query["abs_path"].ToString(), out var target, out var error))
            return error;
        var file = await tree.ResolveAsync(request.CurrentUser().Id, target.Field, target.Path, ct);
        return file is { Entry.Kind: EntryKinds.File }
            ? new BlobFileResult(file.Entry, blobs, inline: true)
            : Api.NotFound($"There is no file '{target.Path}' in {target.Field}.");
    }
}
