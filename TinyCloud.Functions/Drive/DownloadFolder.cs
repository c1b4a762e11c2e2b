using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed class DownloadFolder(DriveTree tree, FolderWalk walk, BlobFiles blobs, IOptions<DriveOptions> options)
{
    [Function(nameof(DownloadFolder)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<EntityRequest>]
    [Description("Download a folder as a zip, streamed as it is built.")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/download-service/download-folder")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        if (body.FsEntity.BaseType != EntryKinds.Folder)
            return Api.BadRequest("download-folder takes a folder; use download-file for files.");
        if (!DriveTarget.TryParse(body.FsEntity, body.FileField, out var target, out var error))
            return error;
        if (!(await tree.FolderAsync(request.CurrentUser().Id, target.Field, target.Path, ct)).Found(out var folder, out var notFound))
            return notFound;
        return await Zip(walk, blobs, options.Value, new Located(folder[^1], target.Field, target.Path), ct);
    }

    /// <summary>The zip of a folder, or 413 before anything is sent when it is above Drive:MaxFolderDownloadMb.</summary>
    public static async Task<IResult> Zip(FolderWalk walk, BlobFiles blobs, DriveOptions options, Located folder, CancellationToken ct)
    {
        var total = await walk.ReadyBytesInsideAsync(folder.Entry.UserId, folder.Entry.Id, ct);
        if (total > options.MaxFolderDownloadBytes)
            return Api.TooLarge($"The folder holds {total / 1048576} MB; folders above {options.MaxFolderDownloadMb} MB cannot be zipped.");
        var name = folder.IsRoot ? folder.Field : folder.Entry.Name;
        return new FolderZipResult(walk, blobs, folder.Entry, name);
    }
}
