using MongoDB.Bson;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Trash;

namespace TinyCloud.Functions.Trash;

/// <summary>An entry in the trash: where it came from, what it holds, and when TempCleanup deletes it for good.</summary>
public sealed record TrashItemView(
    string Id, string Name, string BaseType, string FileField, string OriginalPath, long SizeBytes, DateTime DeletedAt, DateTime PurgeAt)
{
    public static TrashItemView From(TrashItem item) => new(item.Entry.Id.ToString(), item.Info.Name, item.Entry.Kind,
        item.Info.Field, item.Info.Path, item.SizeBytes, item.Info.DeletedAt, item.PurgeAt);
}

public sealed record TrashedResponse(TrashItemView Item) : Success;

/// <summary>At most <c>limit</c> entries (default 50, at most 200), newest first; <c>before</c> is a previous page's <c>next_before</c>.</summary>
public sealed record ListTrashRequest(int? Limit = null, string? Before = null) : IValidated
{
    public IEnumerable<FieldError> Validate()
    {
        if (Limit is < 1 or > TrashListing.MaxPage)
            yield return new("limit", $"limit must be between 1 and {TrashListing.MaxPage}.");
        if (Before is not null && !ObjectId.TryParse(Before, out _))
            yield return new("before", "before must be the next_before of a previous page.");
    }
}

public sealed record TrashListResponse(IReadOnlyList<TrashItemView> Items, string? NextBefore) : Success;

public sealed record TrashIdRequest(string Id) : IValidated
{
    public IEnumerable<FieldError> Validate() => TrashIds.Check(Id);
}

/// <summary>Restores a trashed entry into the folder it was deleted from, as <c>new_name</c> when given.</summary>
public sealed record RestoreRequest(string Id, string? NewName = null) : IValidated
{
    public IEnumerable<FieldError> Validate() => TrashIds.Check(Id);
}

public sealed record RestoredResponse(EntityView FsEntity, string FileField) : Success;

public static class TrashIds
{
    public static IEnumerable<FieldError> Check(string id)
    {
        if (!ObjectId.TryParse(id, out _))
            yield return new("id", "id must be the id of an entry in the trash (24 hexadecimal digits), as list-trash gives it.");
    }
}
