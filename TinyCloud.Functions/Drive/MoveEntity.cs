using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class MoveEntity(EntryStore entries, TimeProvider clock)
{
    [Function(nameof(MoveEntity)), Allow(Access.Verified), JsonBody<MoveRequest>]
    [Description("Move a file or folder to new_abs_path (its new full path), optionally into new_file_field.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/move-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<MoveRequest>();
        if (!DriveTarget.TryParse(body.NewFileField ?? body.FileField, body.NewAbsPath, out var destination, out var error))
            return error;
        var user = request.CurrentUser();
        var (entry, notFound) = await entries.FindAsync(user, body.FsEntity, body.FileField, ct);
        if (entry is null)
            return notFound!;
        if (destination.IsRoot)
            return Api.Conflict($"The root of {destination.Field} already exists.");
        if (destination.Field == entry.Field && destination.Path == entry.Path)
            return new EntityResponse(EntityView.From(entry));
        if (entry.IsFolder && destination.Field == entry.Field && DrivePath.IsSameOrInside(destination.Path, entry.Path))
            return Api.BadRequest("A folder cannot be moved into itself.");
        if (!await entries.FolderExistsAsync(user.Id, destination.Field, destination.Parent, ct))
            return Api.NotFound($"The destination folder '{destination.Parent}' does not exist in {destination.Field}.");

        if (!await entries.TryMoveAsync(entry, destination.Field, destination.Path, clock.GetUtcNow().UtcDateTime, ct))
            return Api.Conflict($"'{destination.Path}' already exists in {destination.Field}.");
        var moved = await entries.FindByIdAsync(entry.Id, ct);
        return new EntityResponse(EntityView.From(moved!));
    }
}
