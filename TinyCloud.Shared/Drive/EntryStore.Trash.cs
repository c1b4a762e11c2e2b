using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// The trash. Trashing cuts an entry out of the tree like a delete does (it becomes its own parent, so nothing inside
/// is reachable), in one update, but leaves it <c>trashed</c> with a <see cref="TrashInfo"/> instead of sweeping it.
/// Its name becomes <see cref="CutOutName"/>, as for every entry cut out of the tree.
/// </summary>
public sealed partial class EntryStore
{
    /// <summary>
    /// The name of every entry cut out of the tree (trashed, or detached for deletion), which no real name can equal, so
    /// that the unique (user, parent, name) index never clashes: not with a child of the same name (whose parent is now
    /// the entry's own id too), and not at its old place, where a new entry of that name may be created at once.
    /// </summary>
    public const string CutOutName = "/";

    private static IEnumerable<CreateIndexModel<EntryDocument>> TrashIndexes =>
    [
        // A user's trash, newest first (the sort is on exactly these fields).
        new(Builders<EntryDocument>.IndexKeys.Ascending(e => e.UserId).Descending(e => e.Trash!.Key),
            new CreateIndexOptions { Name = "user_trash_key" }),
        // TempCleanup's purge by age, across users, in key order (only trashed entries carry a key).
        new(Builders<EntryDocument>.IndexKeys.Ascending(e => e.Trash!.Key), new CreateIndexOptions { Name = "trash_key", Sparse = true }),
    ];

    /// <summary>Moves a visible entry into the trash, only if it is still where and as the caller saw it.</summary>
    public async Task<bool> TryTrashAsync(EntryDocument entry, TrashInfo trash, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(InPlace(entry),
            Update.Set(e => e.State, EntryState.Trashed).Set(e => e.ParentId, entry.Id).Set(e => e.Name, CutOutName)
                .Set(e => e.Shared, false).Set(e => e.Trash, trash),
            cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>Puts a trashed entry back under <paramref name="parentId"/> as <paramref name="name"/>: one update.</summary>
    public async Task<Change> TryRestoreAsync(long userId, ObjectId id, ObjectId parentId, string name, CancellationToken ct)
    {
        try
        {
            var result = await _entries.UpdateOneAsync(InTrash(userId, id),
                NameUpdate(name).Set(e => e.State, EntryState.Ready).Set(e => e.ParentId, parentId).Unset(e => e.Trash),
                cancellationToken: ct);
            return result.ModifiedCount == 1 ? Change.Done : Change.Missing;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return Change.NameTaken;
        }
    }

    /// <summary>
    /// Takes an entry out of the trash for good: it becomes <c>deleting</c> (so no restore can win any more, and
    /// TempCleanup finishes the sweep if this one dies), and is returned for the sweep; null when it is not in the trash.
    /// </summary>
    public async Task<EntryDocument?> TryBeginPurgeAsync(long userId, ObjectId id, CancellationToken ct) =>
        await _entries.FindOneAndUpdateAsync(InTrash(userId, id), Update.Set(e => e.State, EntryState.Deleting),
            new FindOneAndUpdateOptions<EntryDocument> { ReturnDocument = ReturnDocument.After }, ct);

    public async Task<EntryDocument?> FindTrashedAsync(long userId, ObjectId id, CancellationToken ct) =>
        await _entries.Find(InTrash(userId, id)).FirstOrDefaultAsync(ct);

    /// <summary>A page of a user's trash, newest first, strictly older than the key <paramref name="before"/> when given.</summary>
    public async Task<List<EntryDocument>> TrashPageAsync(long userId, ObjectId? before, int limit, CancellationToken ct)
    {
        var filter = Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.State, EntryState.Trashed);
        if (before is { } key)
            filter &= Filter.Lt(e => e.Trash!.Key, key);
        return await _entries.Find(filter).Sort(Builders<EntryDocument>.Sort.Ascending(e => e.UserId).Descending(e => e.Trash!.Key))
            .Limit(limit).ToListAsync(ct);
    }

    /// <summary>Everyone's trashed entries with a key after <paramref name="after"/> and before <paramref name="until"/>, in key order, one page.</summary>
    public async Task<List<EntryDocument>> TrashedBeforeAsync(ObjectId after, ObjectId until, CancellationToken ct) =>
        await _entries.Find(Filter.Gt(e => e.Trash!.Key, after) & Filter.Lt(e => e.Trash!.Key, until)
                & Filter.Eq(e => e.State, EntryState.Trashed))
            .Sort(Builders<EntryDocument>.Sort.Ascending(e => e.Trash!.Key)).Limit(BatchSize).ToListAsync(ct);

    /// <summary>Clears the <c>shared</c> flag of entries whose links were dropped.</summary>
    public Task ClearSharedAsync(long userId, IReadOnlyCollection<ObjectId> ids, CancellationToken ct) => ids.Count == 0
        ? Task.CompletedTask
        : _entries.UpdateManyAsync(Filter.Eq(e => e.UserId, userId) & Filter.In(e => e.Id, ids), Update.Set(e => e.Shared, false),
            cancellationToken: ct);

    private static FilterDefinition<EntryDocument> InTrash(long userId, ObjectId id) =>
        Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.Id, id) & Filter.Eq(e => e.State, EntryState.Trashed)
        & Filter.Eq(e => e.RemovedBy, null);
}
