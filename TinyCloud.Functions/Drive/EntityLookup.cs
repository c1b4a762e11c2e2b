using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public static class EntityLookup
{
    /// <summary>The caller's ready entry named by an fs_entity, or the 400/404 envelope saying why there is none.</summary>
    public static async Task<(EntryDocument? Entry, ErrorResult? Error)> FindAsync(
        this EntryStore entries, UserDocument user, FsEntity entity, string field, CancellationToken ct)
    {
        if (!DriveTarget.TryParse(entity, field, out var target, out var error))
            return (null, error);
        if (target.IsRoot)
            return (null, Api.BadRequest("The root folder of a field cannot be changed or removed."));
        var entry = await entries.FindReadyAsync(user.Id, target.Field, target.Path, ct);
        return entry is not null && entry.Kind == entity.BaseType
            ? (entry, null)
            : (null, Api.NotFound($"There is no {entity.BaseType} '{target.Path}' in {target.Field}."));
    }
}
