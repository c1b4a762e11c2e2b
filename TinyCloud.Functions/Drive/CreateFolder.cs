using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using MongoDB.Bson;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class CreateFolder(EntryStore entries, TimeProvider clock)
{
    [Function(nameof(CreateFolder)), Allow(Access.Verified), JsonBody<EntityRequest>]
    [Description("Create a folder.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/create-folder")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        if (!DriveTarget.TryParse(body.FsEntity, body.FileField, out var target, out var error))
            return error;
        if (target.IsRoot)
            return Api.Conflict("The root folder always exists.");

        var user = request.CurrentUser();
        if (!await entries.FolderExistsAsync(user.Id, target.Field, target.Parent, ct))
            return Api.NotFound($"The parent folder '{target.Parent}' does not exist in {target.Field}.");

        var now = clock.GetUtcNow().UtcDateTime;
        var folder = new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = user.Id, Field = target.Field, Path = target.Path,
            Parent = target.Parent, Name = target.Name, Kind = EntryKinds.Folder, CreatedAt = now, ModifiedAt = now,
        };
        return await entries.TryInsertAsync(folder, ct)
            ? new EntityResponse(EntityView.From(folder))
            : Api.Conflict($"'{target.Path}' already exists in {target.Field}.");
    }
}
