using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

public sealed class EntryStore(IMongoDatabase db) : IHasIndexes
{
    public const int BatchSize = 500;

    private static readonly FilterDefinitionBuilder<EntryDocument> Filter = Builders<EntryDocument>.Filter;
    private readonly IMongoCollection<EntryDocument> _entries = db.GetCollection<EntryDocument>("entries");

    public IMongoCollection<EntryDocument> Collection => _entries;

    public Task EnsureIndexesAsync(CancellationToken ct) => _entries.Indexes.CreateManyAsync(
    [
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys
            .Ascending(e => e.UserId).Ascending(e => e.Field).Ascending(e => e.Path),
            new CreateIndexOptions { Name = "user_field_path_unique", Unique = true }),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys
            .Ascending(e => e.UserId).Ascending(e => e.Field).Ascending(e => e.Parent)),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.Blob)),
        new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(e => e.State).Ascending(e => e.ExpiresAt)),
    ], ct);

    /// <summary>The entry at a path in any state (a pending upload also owns its path).</summary>
    public async Task<EntryDocument?> FindAsync(long userId, string field, string path, CancellationToken ct) =>
        await _entries.Find(e => e.UserId == userId && e.Field == field && e.Path == path).FirstOrDefaultAsync(ct);

    public async Task<EntryDocument?> FindReadyAsync(long userId, string field, string path, CancellationToken ct) =>
        await _entries.Find(e => e.UserId == userId && e.Field == field && e.Path == path && e.State == EntryStates.Ready)
            .FirstOrDefaultAsync(ct);

    public async Task<EntryDocument?> FindByIdAsync(ObjectId id, CancellationToken ct) =>
        await _entries.Find(e => e.Id == id).FirstOrDefaultAsync(ct);

    public async Task<bool> FolderExistsAsync(long userId, string field, string path, CancellationToken ct) =>
        path == DrivePath.Root || await _entries.Find(e => e.UserId == userId && e.Field == field && e.Path == path
            && e.Kind == EntryKinds.Folder && e.State == EntryStates.Ready).AnyAsync(ct);

    /// <summary>Inserts a new entry; false when its path is already taken (the unique index decides races).</summary>
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

    /// <summary>Turns a pending upload into a ready file; false when the entry vanished meanwhile (e.g. its folder was deleted).</summary>
    public Task<bool> MarkReadyAsync(ObjectId id, long size, string md5, string mimeType, DateTime now, CancellationToken ct) =>
        MarkReadyAsync(id, null, size, md5, mimeType, now, ct);

    /// <summary>As above, and points the entry at <paramref name="blob"/> when given; false too when another call made it ready first.</summary>
    public async Task<bool> MarkReadyAsync(
        ObjectId id, string? blob, long size, string md5, string mimeType, DateTime now, CancellationToken ct)
    {
        var update = Builders<EntryDocument>.Update
            .Set(e => e.State, EntryStates.Ready).Set(e => e.SizeBytes, size).Set(e => e.Md5, md5)
            .Set(e => e.MimeType, mimeType).Set(e => e.ReservedBytes, 0).Set(e => e.ModifiedAt, now)
            .Unset(e => e.ExpiresAt);
        if (blob is not null)
            update = update.Set(e => e.Blob, blob);
        return (await _entries.UpdateOneAsync(e => e.Id == id && e.State == EntryStates.Pending, update, cancellationToken: ct))
            .ModifiedCount == 1;
    }

    public async Task<bool> DeleteAsync(ObjectId id, CancellationToken ct) =>
        (await _entries.DeleteOneAsync(e => e.Id == id, ct)).DeletedCount == 1;

    /// <summary>Deletes an entry only while it is still pending; false when it is gone or already ready.</summary>
    public async Task<bool> DeletePendingAsync(ObjectId id, CancellationToken ct) =>
        (await _entries.DeleteOneAsync(e => e.Id == id && e.State == EntryStates.Pending, ct)).DeletedCount == 1;

    /// <summary>Ready children of a folder, folders first, then by name.</summary>
    public async Task<List<EntryDocument>> ListChildrenAsync(long userId, string field, string parent, CancellationToken ct) =>
        await _entries.Find(e => e.UserId == userId && e.Field == field && e.Parent == parent && e.State == EntryStates.Ready)
            .SortByDescending(e => e.Kind).ThenBy(e => e.Name).ToListAsync(ct);

    /// <summary>
    /// Everything strictly inside a folder, any state, in path order: parents before children, or with
    /// <paramref name="deepestFirst"/> children before parents.
    /// </summary>
    public IAsyncEnumerable<EntryDocument> DescendantsAsync(
        long userId, string field, string folder, CancellationToken ct, bool deepestFirst = false)
    {
        var find = _entries.Find(DescendantsFilter(userId, field, folder), new FindOptions { BatchSize = BatchSize });
        return (deepestFirst ? find.SortByDescending(e => e.Path) : find.SortBy(e => e.Path)).StreamAsync(ct);
    }

    public async Task<long> ReadyBytesInsideAsync(long userId, string field, string folder, CancellationToken ct)
    {
        long total = 0;
        await foreach (var entry in DescendantsAsync(userId, field, folder, ct))
            total += entry.State == EntryStates.Ready ? entry.SizeBytes : 0;
        return total;
    }

    /// <summary>
    /// Moves an entry (and, for a folder, everything inside it) to a new path and field. The entry itself moves
    /// first, so a clash on the unique index stops the move before anything else changes.
    /// </summary>
    public async Task<bool> TryMoveAsync(EntryDocument entry, string newField, string newPath, DateTime now, CancellationToken ct)
    {
        try
        {
            await _entries.UpdateOneAsync(e => e.Id == entry.Id, Builders<EntryDocument>.Update
                .Set(e => e.Field, newField).Set(e => e.Path, newPath).Set(e => e.Parent, DrivePath.Parent(newPath))
                .Set(e => e.Name, DrivePath.Name(newPath)).Set(e => e.ModifiedAt, now), cancellationToken: ct);
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return false;
        }
        if (!entry.IsFolder)
            return true;

        var batch = new List<WriteModel<EntryDocument>>(BatchSize);
        await foreach (var child in DescendantsAsync(entry.UserId, entry.Field, entry.Path, ct))
        {
            var path = DrivePath.Rebase(child.Path, entry.Path, newPath);
            batch.Add(new UpdateOneModel<EntryDocument>(Filter.Eq(e => e.Id, child.Id), Builders<EntryDocument>.Update
                .Set(e => e.Field, newField).Set(e => e.Path, path).Set(e => e.Parent, DrivePath.Parent(path))));
            if (batch.Count == BatchSize)
            {
                await _entries.BulkWriteAsync(batch, cancellationToken: ct);
                batch.Clear();
            }
        }
        if (batch.Count > 0)
            await _entries.BulkWriteAsync(batch, cancellationToken: ct);
        return true;
    }

    public Task DeleteManyAsync(IEnumerable<ObjectId> ids, CancellationToken ct) =>
        _entries.DeleteManyAsync(Filter.In(e => e.Id, ids), ct);

    private static FilterDefinition<EntryDocument> DescendantsFilter(long userId, string field, string folder) =>
        Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.Field, field) & (folder == DrivePath.Root
            ? Filter.Ne(e => e.Path, DrivePath.Root)
            : Filter.Regex(e => e.Path, new BsonRegularExpression("^" + Regex.Escape(folder) + "/")));
}
