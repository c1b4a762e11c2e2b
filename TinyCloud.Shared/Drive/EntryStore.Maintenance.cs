using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>What a user's entries charge: ready (and trashed) files' sizes and pending entries' reservations.</summary>
public sealed class UsageTotals
{
    public long UserId { get; set; }
    public long Files { get; set; }
    /// <summary>The files' versions, summed apart: entries written before versions have no version_bytes.</summary>
    public long Versions { get; set; }
    public long Reserved { get; set; }
    public long Used => Files + Versions;
    /// <summary>
    /// Pending uploads and files a removal has claimed: while any exists, counters and entries may disagree for a
    /// moment by design (the counters follow after the entry is written or deleted).
    /// </summary>
    public long InFlight { get; set; }
}

/// <summary>The queries TempCleanup makes over everyone's entries.</summary>
public sealed partial class EntryStore
{
    /// <summary>The sizes of a user's charged files (ready, trashed, cut out awaiting their sweep), the reservations of their pending ones, and how many are in flight.</summary>
    public async Task<UsageTotals> UsageOfUserAsync(long userId, CancellationToken ct) =>
        await _entries.Aggregate()
            .Match(Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.Kind, EntryKinds.File))
            .Group(e => e.UserId, g => new UsageTotals
            {
                UserId = g.Key,
                // A file cut out on its own (an orphan) awaits its sweep "deleting" but is charged until the sweep frees it.
                Files = g.Sum(e => e.State == EntryState.Ready || e.State == EntryState.Trashed || e.State == EntryState.Deleting ? e.SizeBytes : 0),
                Versions = g.Sum(e => e.State == EntryState.Ready || e.State == EntryState.Trashed || e.State == EntryState.Deleting ? e.VersionBytes : 0),
                Reserved = g.Sum(e => e.State == EntryState.Pending ? e.ReservedBytes : 0),
                InFlight = g.Sum(e => e.State == EntryState.Pending || e.RemovedBy != null ? 1 : 0),
            })
            .FirstOrDefaultAsync(ct) ?? new UsageTotals { UserId = userId };

    /// <summary>Which of these blob names an entry refers to, as its content or as one of its versions.</summary>
    public async Task<List<string>> FindReferencedBlobsAsync(IEnumerable<string> blobNames, CancellationToken ct)
    {
        var names = blobNames.ToList();
        var current = await _entries.Find(Filter.In(e => e.Blob, names)).Project(e => e.Blob).ToListAsync(ct);
        var versioned = await _entries.Find(Filter.In("versions.blob", names)).Project(e => e.Versions).ToListAsync(ct);
        return current.OfType<string>().Concat(versioned.SelectMany(v => v ?? []).Select(v => v.Blob)).Intersect(names).ToList();
    }

    /// <summary>The entries directly under any of these folders (roots included), for many users at once.</summary>
    public async Task<List<EntryDocument>> ChildrenOfAnyAsync(
        IReadOnlyCollection<long> userIds, IReadOnlyCollection<ObjectId> parentIds, CancellationToken ct) =>
        await _entries.Find(Filter.In(e => e.UserId, userIds) & Filter.In(e => e.ParentId, parentIds)).ToListAsync(ct);

    /// <summary>Every entry of one user, in id order (for the audit of a user's drive).</summary>
    public IAsyncEnumerable<EntryDocument> AllOfUserAsync(long userId, CancellationToken ct) =>
        _entries.Find(e => e.UserId == userId, new FindOptions { BatchSize = BatchSize }).SortBy(e => e.Id).StreamAsync(ct);

    /// <summary>Every entry, in id order after <paramref name="after"/>, one page at a time (no cursor kept between pages).</summary>
    public async Task<List<EntryDocument>> PageAsync(ObjectId after, CancellationToken ct) =>
        await Page(Filter.Gt(e => e.Id, after), ct);

    /// <summary>Cuts an entry whose parent is missing out of the tree, so the next sweep removes it with what it holds.</summary>
    public async Task<bool> DetachOrphanAsync(EntryDocument orphan, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(Mine(orphan.UserId, orphan.Id) & Filter.Eq(e => e.ParentId, orphan.ParentId),
            Update.Set(e => e.ParentId, orphan.Id).Set(e => e.Name, CutOutName).Set(e => e.State, EntryState.Deleting), cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>
    /// One page of a maintenance pass: the filter's entries after a key, in id order, in a single batch (the sort on _id
    /// alone needs no index on Cosmos DB, and no cursor outlives the page).
    /// </summary>
    private async Task<List<EntryDocument>> Page(FilterDefinition<EntryDocument> filter, CancellationToken ct) =>
        await _entries.Find(filter, new FindOptions { BatchSize = BatchSize }).SortBy(e => e.Id).Limit(BatchSize).ToListAsync(ct);
}
