using MongoDB.Driver;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// The bit-rot sample: stored files, those never checked first, then the longest unchecked. Files stored before hashes
/// were kept are in it too: their first check records their SHA-256.
/// </summary>
public sealed partial class EntryStore
{
    private static FilterDefinition<EntryDocument> Checkable =>
        Filter.Eq(e => e.Kind, EntryKinds.File) & Filter.Ne(e => e.Blob, null) & Filter.In(e => e.State, [EntryState.Ready, EntryState.Trashed]);

    public async Task<List<EntryDocument>> NextToCheckAsync(int limit, CancellationToken ct)
    {
        var never = await _entries.Find(Checkable & Filter.Exists(e => e.CheckedAt, false)).SortBy(e => e.Id).Limit(limit).ToListAsync(ct);
        return never.Count == limit
            ? never
            : [.. never, .. await _entries.Find(Checkable & Filter.Exists(e => e.CheckedAt)).SortBy(e => e.CheckedAt).Limit(limit - never.Count).ToListAsync(ct)];
    }

    /// <summary>Records the check of the bytes the entry still has (a replace meanwhile leaves it unchecked).</summary>
    public Task MarkCheckedAsync(EntryDocument file, DateTime now, CancellationToken ct) =>
        _entries.UpdateOneAsync(Mine(file.UserId, file.Id) & Filter.Eq(e => e.Blob, file.Blob), Update.Set(e => e.CheckedAt, now), cancellationToken: ct);

    /// <summary>
    /// Records <paramref name="sha256"/>, read from the file's blob now, as the SHA-256 of a file stored before hashes
    /// were kept: only while the file still has that blob and no hash (a replace meanwhile brought its own).
    /// </summary>
    public async Task<bool> AdoptHashAsync(EntryDocument file, string sha256, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(Mine(file.UserId, file.Id) & Filter.Eq(e => e.Blob, file.Blob) & Filter.Eq(e => e.Sha256, null),
            Update.Set(e => e.Sha256, sha256), cancellationToken: ct)).ModifiedCount == 1;
}
