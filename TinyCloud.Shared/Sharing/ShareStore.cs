using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Sharing;

public sealed class ShareStore(IMongoDatabase db) : IHasIndexes
{
    private readonly IMongoCollection<ShareDocument> _shares = db.GetCollection<ShareDocument>("shares");

    /// <summary>Both unique indexes start with user_id, so the collection can be sharded on it.</summary>
    public async Task EnsureIndexesAsync(CancellationToken ct)
    {
        await _shares.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<ShareDocument>(Builders<ShareDocument>.IndexKeys.Ascending(s => s.UserId).Ascending(s => s.HashedLink),
                new CreateIndexOptions { Name = "user_link_unique", Unique = true }),
            // One link per entry: the index, not a read before the insert, decides which of two racing shares wins.
            new CreateIndexModel<ShareDocument>(Builders<ShareDocument>.IndexKeys.Ascending(s => s.UserId).Ascending(s => s.EntryId),
                new CreateIndexOptions { Name = "user_entry_unique", Unique = true }),
        ], ct);
        // Made by earlier versions on entry_id alone, which a collection sharded on user_id cannot have.
        if ((await (await _shares.Indexes.ListAsync(ct)).ToListAsync(ct)).Any(i => i["name"].AsString == "entry_unique"))
            await _shares.Indexes.DropOneAsync("entry_unique", ct);
    }

    /// <summary>Inserts a new share; false when the entry is already shared.</summary>
    public async Task<bool> TryInsertAsync(ShareDocument share, CancellationToken ct)
    {
        try
        {
            await _shares.InsertOneAsync(share, cancellationToken: ct);
            return true;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return false;
        }
    }

    public async Task<ShareDocument?> FindByLinkAsync(long userId, string hashedLink, CancellationToken ct) =>
        await _shares.Find(s => s.UserId == userId && s.HashedLink == hashedLink).FirstOrDefaultAsync(ct);

    public async Task<ShareDocument?> FindByEntryAsync(long userId, ObjectId entryId, CancellationToken ct) =>
        await _shares.Find(s => s.UserId == userId && s.EntryId == entryId).FirstOrDefaultAsync(ct);

    public async Task<List<ShareDocument>> ListForUserAsync(long userId, CancellationToken ct) =>
        await _shares.Find(s => s.UserId == userId).SortBy(s => s.CreatedAt).ToListAsync(ct);

    public async Task<bool> DeleteForEntryAsync(long userId, ObjectId entryId, CancellationToken ct) =>
        (await _shares.DeleteOneAsync(s => s.UserId == userId && s.EntryId == entryId, ct)).DeletedCount == 1;

    public Task DeleteForEntriesAsync(IReadOnlyCollection<ObjectId> entryIds, CancellationToken ct) =>
        _shares.DeleteManyAsync(Builders<ShareDocument>.Filter.In(s => s.EntryId, entryIds), ct);

    /// <summary>
    /// Counts one download; false when the share is gone or its budget is spent. max_downloads never changes once
    /// set, so "downloads &lt; max_downloads" is a plain filter on one document, atomic without $expr or transactions.
    /// </summary>
    public async Task<bool> TryCountDownloadAsync(ShareDocument share, CancellationToken ct)
    {
        var filter = Builders<ShareDocument>.Filter.Eq(s => s.Id, share.Id);
        if (share.MaxDownloads is { } max)
            filter &= Builders<ShareDocument>.Filter.Lt(s => s.Downloads, max);
        var result = await _shares.UpdateOneAsync(filter, Builders<ShareDocument>.Update.Inc(s => s.Downloads, 1L), cancellationToken: ct);
        return result.ModifiedCount == 1;
    }

    /// <summary>Shares whose expiry has passed.</summary>
    public IAsyncEnumerable<ShareDocument> ExpiredAsync(DateTime now, CancellationToken ct) =>
        _shares.Find(s => s.ExpiresAt < now, new FindOptions { BatchSize = 500 }).StreamAsync(ct);

    /// <summary>Every share, in id order after <paramref name="after"/>, one page at a time.</summary>
    public async Task<List<ShareDocument>> PageAsync(ObjectId after, CancellationToken ct) =>
        await _shares.Find(s => s.Id > after).SortBy(s => s.Id).Limit(500).ToListAsync(ct);

    public async Task<bool> DeleteAsync(ObjectId id, CancellationToken ct) =>
        (await _shares.DeleteOneAsync(s => s.Id == id, ct)).DeletedCount == 1;

    public async Task<bool> AnyForEntryAsync(ObjectId entryId, CancellationToken ct) =>
        await _shares.Find(s => s.EntryId == entryId).AnyAsync(ct);
}
