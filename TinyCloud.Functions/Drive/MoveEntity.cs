using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Moves a file or folder: one update of its own document. Moves and folder deletes of a user take turns under the
/// tree lock, and both ends are checked under it, so two crossing moves cannot make a cycle and nothing is moved into
/// (or out of) a folder being deleted.
/// </summary>
public sealed class MoveEntity(EntryStore entries, DriveTree tree, TreeLock locks, TimeProvider clock)
{
    [Function(nameof(MoveEntity)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<MoveRequest>]
    [WritesUnique(EntryStore.CollectionName)]
    [Description("Move a file or folder to new_abs_path (its new full path), optionally into new_file_field.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/move-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<MoveRequest>();
        if (!DriveTarget.TryParse(body.NewFileField ?? body.FileField, body.NewAbsPath, out var destination, out var error))
            return error;
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var source, out var notFound))
            return notFound;
        if (destination.IsRoot)
            return Api.Conflict($"The root of {destination.Field} already exists.");
        if (destination.Field == source.Field && destination.Path == source.Path)
            return new EntityResponse(EntityView.From(source));
        if (destination.Name != source.Entry.Name && destination.NewNameRefusal() is { } badName)
            return badName;
        if (!(await tree.FolderAsync(user.Id, destination.Field, destination.Parent, ct)).Found(out var target, out _))
            return Api.NotFound($"The destination folder '{destination.Parent}' does not exist in {destination.Field}.");

        await using var held = await locks.AcquireAsync(user.Id, ct);
        if (held is null)
            return TreeBusy.Error(request);
        // Looked at again under the lock: only a move or a folder delete could have changed either chain, and neither can run now.
        var from = await tree.ChainOfAsync(user.Id, source.Entry.Id, ct);
        var into = await tree.ChainOfAsync(user.Id, target[^1].Id, ct);
        if (from is null || !from[^1].IsVisible)
            return Api.NotFound($"'{source.Path}' was deleted or moved meanwhile.");
        if (into is null)
            return Api.NotFound($"The destination folder '{destination.Parent}' was deleted meanwhile.");
        if (into.Any(e => e.Id == source.Entry.Id))
            return Api.BadRequest("A folder cannot be moved into itself or into a folder inside it.");
        // Deeper than before: what the folder holds must still be within the depth limit (shallower always is).
        if (from[^1].IsFolder && into.Count > from.Count - 1 && !await tree.FitsAtDepthAsync(from[^1], into.Count, ct))
            return Api.BadRequest($"Moved there, '{source.Path}' would hold entries too deep: {DrivePath.DepthRule}");

        var now = clock.GetUtcNow().UtcDateTime;
        return await entries.TryRelocateAsync(from[^1], into[^1].Id, destination.Name, now, ct) switch
        {
            Change.Done => new EntityResponse(EntityView.From(Moved(from[^1], into[^1], destination.Name, now), destination.Path)),
            Change.NameTaken => Api.Conflict($"'{destination.Path}' already exists in {destination.Field}."),
            _ => Api.NotFound($"'{source.Path}' was deleted or moved meanwhile."),
        };
    }

    private static EntryDocument Moved(EntryDocument entry, EntryDocument parent, string name, DateTime now)
    {
        entry.ParentId = parent.Id;
        entry.Name = name;
        entry.ModifiedAt = now;
        return entry;
    }
}
