using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public static class EntityLookup
{
    /// <summary>The caller's visible entry named by an fs_entity, or the 400/404 envelope saying why there is none.</summary>
    public static async Task<Lookup<Located>> FindAsync(
        this DriveTree tree, UserDocument user, FsEntity entity, string field, CancellationToken ct)
    {
        if (!DriveTarget.TryParse(entity, field, out var target, out var error))
            return error;
        if (target.IsRoot)
            return Api.BadRequest("The root folder of a field cannot be changed or removed.");
        var found = await tree.ResolveAsync(user.Id, target.Field, target.Path, ct);
        return found is not null && found.Entry.Kind == entity.BaseType
            ? Lookup<Located>.Of(found)
            : Api.NotFound($"There is no {entity.BaseType} '{target.Path}' in {target.Field}.");
    }

    /// <summary>
    /// The chain from the root to the folder at <paramref name="path"/> (the root included), or the 404 envelope; with
    /// <paramref name="asParent"/> the envelope speaks of the parent folder of what the request names.
    /// </summary>
    public static async Task<Lookup<IReadOnlyList<EntryDocument>>> FolderAsync(
        this DriveTree tree, long userId, string field, string path, CancellationToken ct, bool asParent = false)
    {
        var chain = await tree.ResolveChainAsync(userId, field, path, ct);
        if (chain is not null && chain[^1].IsFolder)
            return Lookup<IReadOnlyList<EntryDocument>>.Of(chain);
        return Api.NotFound(asParent
            ? $"The parent folder '{path}' does not exist in {field}."
            : $"There is no folder '{path}' in {field}.");
    }
}
