using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class RenameEntity(EntryStore entries, TimeProvider clock)
{
    [Function(nameof(RenameEntity)), Allow(Access.Verified), JsonBody<RenameRequest>]
    [Description("Rename a file or folder in place (no bytes are copied).")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/rename-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<RenameRequest>();
        if (DrivePath.CheckName(body.NewName) is { } rule)
            return Api.BadRequest($"new_name: {rule}");
        var newName = body.NewName.Normalize(System.Text.NormalizationForm.FormC);
        var (entry, notFound) = await entries.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct);
        if (entry is null)
            return notFound!;

        var newPath = DrivePath.Combine(entry.Parent, newName);
        if (newPath == entry.Path)
            return new EntityResponse(EntityView.From(entry));
        if (!await entries.TryMoveAsync(entry, entry.Field, newPath, clock.GetUtcNow().UtcDateTime, ct))
            return Api.Conflict($"'{newPath}' already exists in {entry.Field}.");
        var moved = await entries.FindByIdAsync(entry.Id, ct);
        return new EntityResponse(EntityView.From(moved!));
    }
}
