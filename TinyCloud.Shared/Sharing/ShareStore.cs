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
            // list-shared: the sort names user_id too, so it is exactly this index's keys (Cosmos DB RU's rule for a sort).
            new CreateIndexModel<ShareDocument>(Builders<ShareDocument>.IndexKeys.Ascending(s => s.UserId).Ascending(s => s.CreatedAt)),
            // TempCleanup's expired-shares step.
            new CreateIndexModel<ShareDocument>(Builders<ShareDocument>.IndexKeys.Ascending(s => s.ExpiresAt)),
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
        await _shares.Find(s => s.UserId == userId).SortBy(s => s.UserId).ThenBy(s => s.CreatedAt).ToListAsync(ct);

    public async Task<bool> DeleteForEntryAsync(long userId, ObjectId entryId, CancellationToken ct) =>
        (await _shares.DeleteOneAsync(s => s.UserId == userId && s.EntryId == entryId, ct)).DeletedCount == 1;

    public Task DeleteForEntriesAsync(long userId, IReadOnlyCollection<ObjectId> entryIds, CancellationToken ct) =>
        _shares.DeleteManyAsync(s => s.UserId == userId && entryIds.Contains(s.EntryId), ct);

    /// <summary>
    /// Counts one download; false when the share is gone or its budget is spent. max_downloads never changes once
    /// set, so "downloads &lt; max_downloads" is a plain filter on one document, atomic without $expr or transactions.
    /// </summary>
    public async Task<bool> TryCountDownloadAsync(ShareDocument share, CancellationToken ct)
    {
        var filter = Builders<ShareDocument>.Filter.Eq(s => s.UserId, share.UserId) & Builders<ShareDocument>.Filter.Eq(s => s.Id, share.Id);
        if (share.MaxDownloads is { } max)
            filter &= Builders<ShareDocument>.Filter.Lt(s => s.Downloads, max);
        var result = await _shares.UpdateOneAsync(filter, Builders<ShareDocument>.Update.Inc(s => s.Downloads, 1L), cancellationToken: ct);
        return result.ModifiedCount == 1;
    }

    /// <summary>Shares whose expiry has passed, a page after <paramref name="after"/> in id order.</summary>
    public async Task<List<ShareDocument>> ExpiredPageAsync(DateTime now, ObjectId after, CancellationToken ct) =>
        await _shares.Find(s => s.ExpiresAt < now && s.Id > after, new FindOptions { BatchSize = 500 }).SortBy(s => s.Id).Limit(500)
            .ToListAsync(ct);

    /// <summary>Every share, in id order after <paramref name="after"/>, one page at a time.</summary>
    public async Task<List<ShareDocument>> PageAsync(ObjectId after, CancellationToken ct) =>
        await _shares.Find(s => s.Id > after, new FindOptions { BatchSize = 500 }).SortBy(s => s.Id).Limit(500).ToListAsync(ct);

    public async Task<bool> DeleteAsync(ShareDocument share, CancellationToken ct) =>
        (await _shares.DeleteOneAsync(s => s.UserId == share.UserId && s.Id == share.Id, ct)).DeletedCount == 1;

    public async Task<bool> AnyForEntryAsync(long userId, ObjectId entryId, CancellationToken ct) =>
        await _shares.Find(s => s.UserId == userId && s.EntryId == entryId).AnyAsync(ct);
}
