using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// A copy is made under a pending top (which holds its name and reservation): its entries are inserted as
/// <see cref="EntryState.Copying"/>, invisible and uncharged, then made ready together, and the top last, which is the
/// moment the whole copy appears.
/// </summary>
public sealed partial class EntryStore
{
    public Task InsertCopiesAsync(IReadOnlyList<EntryDocument> copies, CancellationToken ct) =>
        copies.Count == 0 ? Task.CompletedTask : _entries.InsertManyAsync(copies, new InsertManyOptions { IsOrdered = true }, ct);

    /// <summary>Which of these blob names an entry that is not part of copy <paramref name="copyTop"/> refers to.</summary>
    public async Task<HashSet<string>> FindReferencedBlobsOutsideAsync(IReadOnlyCollection<string> names, ObjectId copyTop, CancellationToken ct)
    {
        var outside = Filter.Ne(e => e.CopyOf, copyTop) & Filter.Ne(e => e.Id, copyTop);
        var current = await _entries.Find(Filter.In(e => e.Blob, names) & outside).Project(e => e.Blob).ToListAsync(ct);
        var versioned = await _entries.Find(Filter.In("versions.blob", names) & outside).Project(e => e.Versions).ToListAsync(ct);
        return current.OfType<string>().Concat(versioned.SelectMany(v => v ?? []).Select(v => v.Blob)).Where(names.Contains).ToHashSet();
    }

    /// <summary>Makes the copy's entries ready (still invisible: their top is pending).</summary>
    public Task ReadyCopiesAsync(ObjectId copyTop, CancellationToken ct) =>
        _entries.UpdateManyAsync(Filter.Eq(e => e.CopyOf, copyTop) & Filter.Eq(e => e.State, EntryState.Copying),
            Update.Set(e => e.State, EntryState.Ready).Unset(e => e.CopyOf), cancellationToken: ct);

    /// <summary>The copy appears: its pending top becomes ready (a file's top takes its blob); false when it was reclaimed.</summary>
    public async Task<bool> CommitCopyTopAsync(EntryDocument top, CancellationToken ct)
    {
        var update = Update.Set(e => e.State, EntryState.Ready).Set(e => e.ReservedBytes, 0).Unset(e => e.ExpiresAt);
        if (top.CopyBlob is not null)
            update = update.Set(e => e.Blob, top.CopyBlob).Unset(e => e.CopyBlob);
        return (await _entries.UpdateOneAsync(PendingUnclaimed(top.UserId, top.Id), update, cancellationToken: ct)).ModifiedCount == 1;
    }

    /// <summary>
    /// Deletes what a copy given up inserted, and answers the blobs they referred to: the sources', to be deleted only
    /// if a source went meanwhile (its removal saw the copy's reference and left the blob).
    /// </summary>
    public async Task<List<string>> DeleteCopiesAsync(ObjectId copyTop, CancellationToken ct)
    {
        var copying = Filter.Eq(e => e.CopyOf, copyTop) & Filter.Eq(e => e.State, EntryState.Copying);
        var blobs = await _entries.Find(copying & Filter.Ne(e => e.Blob, null)).Project(e => e.Blob).ToListAsync(ct);
        await _entries.DeleteManyAsync(copying, ct);
        return blobs.OfType<string>().Distinct().ToList();
    }

    /// <summary>The tops of copies with entries still being copied, a page after <paramref name="after"/>.</summary>
    public async Task<List<ObjectId>> CopyTopsPageAsync(ObjectId after, CancellationToken ct) =>
        (await _entries.Find(Filter.Eq(e => e.State, EntryState.Copying) & Filter.Gt(e => e.CopyOf, after))
            .SortBy(e => e.CopyOf).Limit(BatchSize).Project(e => e.CopyOf).ToListAsync(ct)).OfType<ObjectId>().Distinct().ToList();
}
