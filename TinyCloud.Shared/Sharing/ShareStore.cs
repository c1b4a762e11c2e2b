using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Sharing;

public sealed partial class ShareStore(IMongoDatabase db) : IHasUniqueIndexes
{
    private static readonly FilterDefinitionBuilder<ShareDocument> Filter = Builders<ShareDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<ShareDocument> Update = Builders<ShareDocument>.Update;
    public const string CollectionName = "shares";
    public const string LinkIndex = "user_link_unique";
    public const string EntryIndex = "user_entry_unique";

    private readonly IMongoCollection<ShareDocument> _shares = db.GetCollection<ShareDocument>(CollectionName);

    /// <summary>Both unique indexes start with user_id, so the collection can be sharded on it.</summary>
    public async Task EnsureIndexesAsync(CancellationToken ct)
    {
        await _shares.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<ShareDocument>(Builders<ShareDocument>.IndexKeys.Ascending(s => s.UserId).Ascending(s => s.HashedLink),
                new CreateIndexOptions { Name = LinkIndex, Unique = true }),
            // One link per entry: the index, not a read before the insert, decides which of two racing shares wins.
            new CreateIndexModel<ShareDocument>(Builders<ShareDocument>.IndexKeys.Ascending(s => s.UserId).Ascending(s => s.EntryId),
                new CreateIndexOptions { Name = EntryIndex, Unique = true }),
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

    /// <summary>Deletes every link of the user (a deleted account).</summary>
    public async Task<long> DeleteForUserAsync(long userId, CancellationToken ct) =>
        (await _shares.DeleteManyAsync(s => s.UserId == userId, ct)).DeletedCount;

    public Task DeleteForEntriesAsync(long userId, IReadOnlyCollection<ObjectId> entryIds, CancellationToken ct) =>
        _shares.DeleteManyAsync(s => s.UserId == userId && entryIds.Contains(s.EntryId), ct);

    /// <summary>
    /// Counts one download and when it happened; false when the share is gone or its budget is spent. max_downloads
    /// never changes once set, so "downloads &lt; max_downloads" is a plain filter on one document: $inc and $max in
    /// one update, exact under any number of parallel downloads, without $expr or transactions.
    /// </summary>
    public async Task<bool> TryCountDownloadAsync(ShareDocument share, DateTime now, CancellationToken ct)
    {
        var filter = Filter.Eq(s => s.UserId, share.UserId) & Filter.Eq(s => s.Id, share.Id);
        if (share.MaxDownloads is { } max)
            filter &= Filter.Lt(s => s.Downloads, max);
        var result = await _shares.UpdateOneAsync(filter,
            Update.Inc(s => s.Downloads, 1L).Max(s => s.LastDownloadAt, now), cancellationToken: ct);
        return result.ModifiedCount == 1;
    }

    /// <summary>
    /// Takes one of an upload-only link's files before its upload starts (false when max_files are taken), in one
    /// conditional $inc, so parallel uploads can never take more than max_files between them.
    /// </summary>
    public async Task<bool> TryTakeUploadAsync(ShareDocument share, DateTime now, CancellationToken ct)
    {
        var filter = Filter.Eq(s => s.UserId, share.UserId) & Filter.Eq(s => s.Id, share.Id) & Filter.Eq(s => s.UploadOnly, true);
        if (share.MaxFiles is { } max)
            filter &= Filter.Lt(s => s.Uploads, max);
        var result = await _shares.UpdateOneAsync(filter,
            Update.Inc(s => s.Uploads, 1L).Max(s => s.LastUploadAt, now), cancellationToken: ct);
        return result.ModifiedCount == 1;
    }

    /// <summary>Gives back the file an upload took when it failed (see <see cref="LinkSlot"/> for who does, and when).</summary>
    public Task GiveBackUploadAsync(long userId, ObjectId shareId, CancellationToken ct) =>
        _shares.UpdateOneAsync(Filter.Eq(s => s.UserId, userId) & Filter.Eq(s => s.Id, shareId) & Filter.Gt(s => s.Uploads, 0L),
            Update.Inc(s => s.Uploads, -1L), cancellationToken: ct);

    /// <summary>Sets (or, with null, removes) an entry's link password; every grant of the old one dies. False when not shared.</summary>
    public async Task<bool> SetPasswordAsync(long userId, ObjectId entryId, string? passwordHash, CancellationToken ct)
    {
        var update = passwordHash is null ? Update.Unset(s => s.PasswordHash) : Update.Set(s => s.PasswordHash, passwordHash);
        var result = await _shares.UpdateOneAsync(s => s.UserId == userId && s.EntryId == entryId,
            update.Inc(s => s.PasswordVersion, 1), cancellationToken: ct);
        return result.MatchedCount == 1;
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
