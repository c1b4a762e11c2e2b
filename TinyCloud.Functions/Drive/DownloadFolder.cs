using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class DownloadFolder(EntryStore entries, BlobFiles blobs, IOptions<DriveOptions> options)
{
    [Function(nameof(DownloadFolder)), Allow(Access.Verified), JsonBody<EntityRequest>]
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
        var user = request.CurrentUser();
        if (!await entries.FolderExistsAsync(user.Id, target.Field, target.Path, ct))
            return Api.NotFound($"There is no folder '{target.Path}' in {target.Field}.");
        return await Zip(entries, blobs, options.Value, user.Id, target.Field, target.Path, ct);
    }

    /// <summary>The zip of a folder, or 413 before anything is sent when it is above Drive:MaxFolderDownloadMb.</summary>
    public static async Task<IResult> Zip(
        EntryStore entries, BlobFiles blobs, DriveOptions options, long userId, string field, string folder, CancellationToken ct)
    {
        var total = await entries.ReadyBytesInsideAsync(userId, field, folder, ct);
        if (total > options.MaxFolderDownloadBytes)
            return Api.TooLarge($"The folder holds {total / 1048576} MB; folders above {options.MaxFolderDownloadMb} MB cannot be zipped.");
        var name = folder == DrivePath.Root ? field : DrivePath.Name(folder);
        return new FolderZipResult(entries, blobs, userId, field, folder, name);
    }
}
