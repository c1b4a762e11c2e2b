using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed class CreateFolder(EntryStore entries, DriveTree tree, EntryRemover remover, TimeProvider clock)
{
    [Function(nameof(CreateFolder)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<EntityRequest>, Original<Done>]
    [WritesUnique(EntryStore.CollectionName)]
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
        if (target.NewNameRefusal() is { } badName)
            return badName;

        var user = request.CurrentUser();
        if (!(await tree.FolderAsync(user.Id, target.Field, target.Parent, ct, asParent: true)).Found(out var parent, out var notFound))
            return notFound;

        var folder = EntryDocument.NewFolder(user.Id, parent[^1].Id, target.Name, clock.GetUtcNow().UtcDateTime);
        if (!await entries.TryInsertAsync(folder, ct))
            return Api.Conflict($"'{target.Path}' already exists in {target.Field}.");
        // The parent may have been deleted between the lookup and the insert; then the new folder goes with it.
        if (await tree.IsStillAttachedAsync(parent, ct))
            return new EntityResponse(EntityView.From(folder, target.Path));
        await remover.RemoveSubtreeAsync(folder, CancellationToken.None);
        return Api.NotFound($"The parent folder '{target.Parent}' was deleted while the folder was being created.");
    }
}
