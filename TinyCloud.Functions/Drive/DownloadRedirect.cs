using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// The owner's own file by a redirect (302) to a read-only SAS URL for its one blob, valid Shares:SasLifetimeMinutes,
/// with its name and type set: Blob Storage serves the bytes (ranges, resumption), which never pass through the
/// function. With <c>version_id</c>, one of the versions it keeps (see list-versions), the same way. The original
/// download-file still streams for the original clients.
/// </summary>
public sealed class DownloadRedirect(DriveTree tree, BlobFiles blobs, IOptions<SharesOptions> options, TimeProvider clock)
{
    [Function(nameof(DownloadRedirect)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified)]
    [Description("Your own file by GET (?abs_path=&file_field=, and version_id= for a kept version): a 302 to a short-lived read-only Blob Storage URL (name and type set).")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/download-service/download-redirect")] HttpRequest request,
        CancellationToken ct)
    {
        if (!DriveTarget.TryParse(request.Query["file_field"].ToString(), request.Query["abs_path"].ToString(), out var target, out var error))
            return error;
        if (await tree.ResolveAsync(request.CurrentUser().Id, target.Field, target.Path, ct) is not { Entry: { Kind: EntryKinds.File } file })
            return Api.NotFound($"There is no file '{target.Path}' in {target.Field}.");
        if (file.Blob is null)
            return Api.NotFound($"'{target.Path}' has no bytes yet.");
        var (blob, mimeType) = (file.Blob, file.MimeType);
        if (request.Query["version_id"].ToString() is { Length: > 0 } versionId)
        {
            if (!MongoDB.Bson.ObjectId.TryParse(versionId, out var id) || file.Versions?.FirstOrDefault(v => v.Id == id) is not { } version)
                return Api.NotFound($"'{target.Path}' has no version {versionId} (see list-versions).");
            (blob, mimeType) = (version.Blob, version.MimeType);
        }
        var url = blobs.ReadSas(blob, options.Value.SasLifetime, mimeType ?? ContentTypes.Fallback, file.Name, clock.GetUtcNow());
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(url.AbsoluteUri);
    }
}
