using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// Removal in two steps: a removal first claims entries (sets <c>removed_by</c> where it is unset), then deletes
/// what it claimed. Two removals racing over one subtree therefore split it, and each entry's bytes are freed once.
/// </summary>
public sealed partial class EntryStore
{
    /// <summary>Claims the unclaimed entries among <paramref name="ids"/> and returns them as claimed.</summary>
    public async Task<List<EntryDocument>> ClaimAsync(long userId, IReadOnlyCollection<ObjectId> ids, ObjectId removal, CancellationToken ct)
    {
        await _entries.UpdateManyAsync(Mine(userId, ids) & Filter.Eq(e => e.RemovedBy, null),
            Update.Set(e => e.RemovedBy, removal), cancellationToken: ct);
        return await _entries.Find(Mine(userId, ids) & Filter.Eq(e => e.RemovedBy, removal)).ToListAsync(ct);
    }

    /// <summary>Claims one visible entry, only if it is still where the caller saw it.</summary>
    public async Task<EntryDocument?> ClaimInPlaceAsync(EntryDocument entry, ObjectId removal, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(InPlace(entry),
            Update.Set(e => e.RemovedBy, removal), cancellationToken: ct)).ModifiedCount == 1
            ? await FindByIdAsync(entry.Id, ct)
            : null;

    public async Task<long> DeleteClaimedAsync(long userId, ObjectId removal, IReadOnlyCollection<ObjectId> ids, CancellationToken ct) =>
        (await _entries.DeleteManyAsync(Mine(userId, ids) & Filter.Eq(e => e.RemovedBy, removal), ct)).DeletedCount;

    private static FilterDefinition<EntryDocument> Mine(long userId, IReadOnlyCollection<ObjectId> ids) =>
        Filter.Eq(e => e.UserId, userId) & Filter.In(e => e.Id, ids);

    /// <summary>Folders cut out of the tree whose removal has not finished (it crashed, or is still running).</summary>
    public Task<List<EntryDocument>> DetachedPageAsync(ObjectId after, CancellationToken ct) =>
        Page(Filter.Eq(e => e.State, EntryState.Deleting) & Filter.Gt(e => e.Id, after), ct);

    /// <summary>Entries claimed by a removal that began before <paramref name="before"/> and never deleted them.</summary>
    public Task<List<EntryDocument>> StaleClaimsPageAsync(DateTime before, ObjectId after, CancellationToken ct) =>
        Page(Filter.Lt(e => e.RemovedBy, ObjectId.GenerateNewId(before)) & Filter.Gt(e => e.Id, after), ct);

    /// <summary>Up to <paramref name="limit"/> ids of the user's entries no removal has claimed (any state: for a deleted account).</summary>
    public async Task<List<ObjectId>> UnclaimedOfUserAsync(long userId, int limit, CancellationToken ct) =>
        await _entries.Find(Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.RemovedBy, null)).Limit(limit).Project(e => e.Id).ToListAsync(ct);

    /// <summary>Deletes whatever entries of the user are left, claimed or not (a deleted account: nothing is charged any more).</summary>
    public async Task<long> DeleteAllOfUserAsync(long userId, CancellationToken ct) =>
        (await _entries.DeleteManyAsync(Filter.Eq(e => e.UserId, userId), ct)).DeletedCount;
}
