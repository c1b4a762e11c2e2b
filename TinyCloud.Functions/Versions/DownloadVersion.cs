using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Versions;

/// <summary>Streams an earlier content of a file, as download-file streams the current one.</summary>
public sealed class DownloadVersion(DriveTree tree, BlobFiles blobs)
{
    [Function(nameof(DownloadVersion)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<VersionRequest>]
    [Description("Download one version of a file (streamed; Range, ETag, Repr-Digest as download-file).")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/download-service/download-version")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<VersionRequest>();
        if (!(await tree.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct)).Found(out var file, out var notFound))
            return notFound;
        if (file.Entry.Versions?.FirstOrDefault(v => v.Id == body.Id) is not { } version)
            return Api.NotFound($"'{file.Path}' has no version {body.VersionId} (see list-versions).");
        var asFile = new EntryDocument
        {
            Id = file.Entry.Id, UserId = file.Entry.UserId, Name = file.Entry.Name, Blob = version.Blob, SizeBytes = version.SizeBytes,
            Md5 = version.Md5, Sha256 = version.Sha256, MimeType = version.MimeType, ContentId = version.Id,
        };
        return new BlobFileResult(asFile, blobs, inline: false);
    }
}
