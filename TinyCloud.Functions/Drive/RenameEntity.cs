using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

/// <summary>Renames a file or folder in place: one update of its own document, whatever a folder holds.</summary>
public sealed class RenameEntity(EntryStore entries, DriveTree tree, TimeProvider clock)
{
    [Function(nameof(RenameEntity)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<RenameRequest>, Original<Done>]
    [WritesUnique(EntryStore.CollectionName)]
    [Description("Rename a file or folder in place (no bytes are copied).")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/rename-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<RenameRequest>();
        if (DrivePath.CheckNewName(body.NewName) is { } rule)
            return Api.BadRequest($"new_name: {rule}");
        var newName = body.NewName.Normalize(System.Text.NormalizationForm.FormC);
        if (!(await tree.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct)).Found(out var found, out var notFound))
            return notFound;

        var newPath = DrivePath.Combine(DrivePath.Parent(found.Path), newName);
        if (newName == found.Entry.Name)
            return new EntityResponse(EntityView.From(found));
        var now = clock.GetUtcNow().UtcDateTime;
        return await entries.TryRelocateAsync(found.Entry, found.Entry.ParentId, newName, now, ct) switch
        {
            Change.Done => new EntityResponse(EntityView.From(Renamed(found.Entry, newName, now), newPath)),
            Change.NameTaken => Api.Conflict($"'{newPath}' already exists in {found.Field}."),
            _ => Api.NotFound($"'{found.Path}' was deleted or moved meanwhile."),
        };
    }

    private static EntryDocument Renamed(EntryDocument entry, string name, DateTime now)
    {
        entry.Name = name;
        entry.ModifiedAt = now;
        return entry;
    }
}
