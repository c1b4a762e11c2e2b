using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

public enum Change
{
    Done,
    /// <summary>The entry is gone, no longer ready, or no longer where the caller saw it.</summary>
    Missing,
    /// <summary>Its new parent already has an entry of that name.</summary>
    NameTaken,
}

/// <summary>
/// The <c>entries</c> collection. Every structural change is one conditional update of one document; listings and
/// lookups see only entries that are ready and not claimed by a removal.
/// </summary>
public sealed partial class EntryStore(IMongoDatabase db) : IHasUniqueIndexes
{
    public const int BatchSize = 500;
    public const string CollectionName = "entries";
    public const string NameIndex = "user_parent_name_unique";

    private static readonly FilterDefinitionBuilder<EntryDocument> Filter = Builders<EntryDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<EntryDocument> Update = Builders<EntryDocument>.Update;
    private readonly IMongoCollection<EntryDocument> _entries = db.GetCollection<EntryDocument>(CollectionName);

    public Task EnsureIndexesAsync(CancellationToken ct) => _entries.Indexes.CreateManyAsync(
    [
        // A name is unique within its parent, whatever the entry's state: a pending upload owns its name too.
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys
            .Ascending(e => e.UserId).Ascending(e => e.ParentId).Ascending(e => e.Name),
            new CreateIndexOptions { Name = NameIndex, Unique = true }),
        // Resolving a path fetches every entry named like one of its segments in one query.
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.UserId).Ascending(e => e.Name)),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.Blob)),
        // A version's blob is referenced from inside its file's document (the orphan sweep asks for both).
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending("versions.blob"),
            new CreateIndexOptions { Name = "versions_blob" }),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending("versions.versioned_at"),
            new CreateIndexOptions { Name = "versions_versioned_at" }),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.CopyOf),
            new CreateIndexOptions { Sparse = true }),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.CheckedAt)),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.State).Ascending(e => e.ExpiresAt)),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.RemovedBy),
            new CreateIndexOptions { Sparse = true }),
        .. TrashIndexes,
        .. SearchIndexes,
    ], ct);

    public async Task<EntryDocument?> FindByIdAsync(ObjectId id, CancellationToken ct) =>
        await _entries.Find(e => e.Id == id).FirstOrDefaultAsync(ct);

    public async Task<Dictionary<ObjectId, EntryDocument>> FindByIdsAsync(IEnumerable<ObjectId> ids, CancellationToken ct) =>
        (await _entries.Find(Filter.In(e => e.Id, ids)).ToListAsync(ct)).ToDictionary(e => e.Id);

    /// <summary>Visible entries of a user named like any of <paramref name="names"/>, at most <paramref name="limit"/>.</summary>
    public async Task<List<EntryDocument>> FindVisibleNamedAsync(long userId, IEnumerable<string> names, int limit, CancellationToken ct) =>
        await _entries.Find(Filter.Eq(e => e.UserId, userId) & Filter.In(e => e.Name, names) & Visible).Limit(limit).ToListAsync(ct);

    public async Task<EntryDocument?> FindVisibleChildAsync(long userId, ObjectId parentId, string name, CancellationToken ct) =>
        await _entries.Find(Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.ParentId, parentId) & Filter.Eq(e => e.Name, name)
            & Visible).FirstOrDefaultAsync(ct);

    /// <summary>The entry holding a name in a folder, in any state.</summary>
    public async Task<EntryDocument?> FindChildAsync(long userId, ObjectId parentId, string name, CancellationToken ct) =>
        await _entries.Find(e => e.UserId == userId && e.ParentId == parentId && e.Name == name).FirstOrDefaultAsync(ct);

    /// <summary>A folder's visible children, folders first, then by name.</summary>
    public async Task<List<EntryDocument>> ListChildrenAsync(long userId, ObjectId parentId, CancellationToken ct) =>
        (await _entries.Find(Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.ParentId, parentId) & Visible).ToListAsync(ct))
        .OrderBy(e => e.IsFolder ? 0 : 1).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();

    /// <summary>Every child of these folders, in any state (one level of a walk).</summary>
    public async Task<List<EntryDocument>> ChildrenOfAsync(long userId, IReadOnlyCollection<ObjectId> parentIds, CancellationToken ct) =>
        await _entries.Find(Filter.Eq(e => e.UserId, userId) & Filter.In(e => e.ParentId, parentIds)
            & Filter.Nin(e => e.Id, parentIds)).ToListAsync(ct); // a detached folder is its own parent

    /// <summary>One level below these folders for a depth count: the folders among their children (ids only), and whether there is any child.</summary>
    public async Task<(List<ObjectId> Folders, bool Any)> ChildLevelAsync(long userId, IReadOnlyCollection<ObjectId> parentIds, CancellationToken ct)
    {
        var children = await _entries.Find(Filter.Eq(e => e.UserId, userId) & Filter.In(e => e.ParentId, parentIds)
            & Filter.Nin(e => e.Id, parentIds)).Project(e => new { e.Id, e.Kind }).ToListAsync(ct);
        return (children.Where(c => c.Kind == EntryKinds.Folder).Select(c => c.Id).ToList(), children.Count > 0);
    }

    /// <summary>Inserts a new entry; false when its name is already taken in its parent (the unique index decides races).</summary>
    public async Task<bool> TryInsertAsync(EntryDocument entry, CancellationToken ct)
    {
        try
        {
            await _entries.InsertOneAsync(entry, cancellationToken: ct);
            return true;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return false;
        }
    }

    /// <summary>Renames or moves one entry, whatever it holds: one update, conditional on it being where the caller saw it.</summary>
    public async Task<Change> TryRelocateAsync(EntryDocument entry, ObjectId newParentId, string newName, DateTime now, CancellationToken ct)
    {
        try
        {
            var result = await _entries.UpdateOneAsync(
                InPlace(entry),
                NameUpdate(newName).Set(e => e.ParentId, newParentId).Set(e => e.ModifiedAt, now),
                cancellationToken: ct);
            return result.MatchedCount == 1 ? Change.Done : Change.Missing;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return Change.NameTaken;
        }
    }

    /// <summary>Cuts a folder out of the tree in one update (it becomes its own parent): nothing inside is reachable after.</summary>
    public async Task<bool> TryDetachAsync(EntryDocument folder, DateTime now, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(InPlace(folder),
            Update.Set(e => e.State, EntryState.Deleting).Set(e => e.ParentId, folder.Id).Set(e => e.Name, CutOutName).Set(e => e.ModifiedAt, now),
            cancellationToken: ct)).ModifiedCount == 1;

    public async Task<bool> SetSharedAsync(long userId, ObjectId id, bool shared, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(Mine(userId, id), Update.Set(e => e.Shared, shared), cancellationToken: ct)).MatchedCount == 1;

    /// <summary>
    /// One entry by id, with its owner: every single-document write names user_id, the shard key should the collection
    /// be sharded (Cosmos DB refuses such a write without it).
    /// </summary>
    private static FilterDefinition<EntryDocument> Mine(long userId, ObjectId id) =>
        Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.Id, id);

    /// <summary>
    /// A visible entry only if it is still where and as the caller saw it (same parent, same name): of two changes
    /// that read it at once, the second finds it changed and answers so, instead of both succeeding.
    /// </summary>
    private static FilterDefinition<EntryDocument> InPlace(EntryDocument entry) =>
        Mine(entry.UserId, entry.Id) & Filter.Eq(e => e.ParentId, entry.ParentId) & Filter.Eq(e => e.Name, entry.Name) & Visible;

    private static FilterDefinition<EntryDocument> Visible =>
        Filter.Eq(e => e.State, EntryState.Ready) & Filter.Eq(e => e.RemovedBy, null);
}
