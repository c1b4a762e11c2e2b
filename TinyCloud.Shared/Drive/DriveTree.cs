using MongoDB.Bson;

namespace TinyCloud.Shared.Drive;

/// <summary>An entry and where it is: its field and its absolute path, as resolved or located just now.</summary>
public sealed record Located(EntryDocument Entry, string Field, string Path)
{
    public bool IsRoot => Path == DrivePath.Root;

    /// <summary>The last entry of a chain from a root, where the chain puts it.</summary>
    public static Located Of(IReadOnlyList<EntryDocument> chain) => new(chain[^1],
        DriveRoots.FieldOf(chain[^1].UserId, chain[0].Id)!,
        chain.Count == 1 ? DrivePath.Root : "/" + string.Join('/', chain.Skip(1).Select(e => e.Name)));
}

/// <summary>
/// Paths over the id-based tree. Resolving a path costs one query whatever its depth (every visible entry named like
/// one of its segments, chained in memory from the root); locating an entry walks up from it, one query a level.
/// </summary>
public sealed class DriveTree(EntryStore entries)
{
    /// <summary>Above this many same-named candidates, resolving falls back to one query per segment.</summary>
    public const int CandidateLimit = 256;
    public const int MaxDepth = 256;

    /// <summary>The visible entries along a path, root first; null when some segment does not exist (or is not a folder).</summary>
    public async Task<IReadOnlyList<EntryDocument>?> ResolveChainAsync(long userId, string field, string path, CancellationToken ct)
    {
        var chain = new List<EntryDocument> { DriveRoots.Entry(userId, field) };
        if (path == DrivePath.Root)
            return chain;
        var segments = path[1..].Split('/');
        var candidates = await entries.FindVisibleNamedAsync(userId, segments.Distinct(StringComparer.Ordinal), CandidateLimit + 1, ct);
        var index = candidates.Count <= CandidateLimit
            ? candidates.ToLookup(e => (e.ParentId, e.Name))
            : null;
        foreach (var segment in segments)
        {
            var parent = chain[^1];
            if (!parent.IsFolder)
                return null;
            var next = index is not null
                ? index[(parent.Id, segment)].FirstOrDefault()
                : await entries.FindVisibleChildAsync(userId, parent.Id, segment, ct);
            if (next is null)
                return null;
            chain.Add(next);
        }
        return chain;
    }

    public async Task<Located?> ResolveAsync(long userId, string field, string path, CancellationToken ct) =>
        await ResolveChainAsync(userId, field, path, ct) is { } chain ? new Located(chain[^1], field, path) : null;

    /// <summary>
    /// Whether the entries of a chain resolved earlier are still a visible path from a root: one query in the usual
    /// case; when a link changed meanwhile (a folder along it moved), the last entry is located afresh instead.
    /// </summary>
    public async Task<bool> IsStillAttachedAsync(IReadOnlyList<EntryDocument> chain, CancellationToken ct)
    {
        var stored = chain.Where(e => !e.IsRoot()).ToList();
        if (stored.Count == 0)
            return true;
        var now = await entries.FindByIdsAsync(stored.Select(e => e.Id), ct);
        var unchanged = stored.All(e => now.TryGetValue(e.Id, out var current) && current.ParentId == e.ParentId
            && current.IsVisible);
        return unchanged || await LocateAsync(chain[^1], ct) is not null;
    }

    /// <summary>
    /// Where <paramref name="entry"/>, a child of the last folder of <paramref name="folder"/> (a chain resolved earlier),
    /// is now: one query in the usual case (the chain read afresh, its current names giving the path); when a link of
    /// the chain changed meanwhile, it is located afresh instead. Null when it is no longer reachable.
    /// </summary>
    public async Task<Located?> RelocateAsync(IReadOnlyList<EntryDocument> folder, EntryDocument entry, CancellationToken ct)
    {
        var stored = folder.Where(e => !e.IsRoot()).ToList();
        if (entry.ParentId != folder[^1].Id || entry.RemovedBy is not null)
            return await LocateAsync(entry, ct);
        if (stored.Count == 0)
            return Located.Of([folder[0], entry]);
        var now = await entries.FindByIdsAsync(stored.Select(e => e.Id), ct);
        var current = new List<EntryDocument>(folder.Count + 1) { folder[0] };
        foreach (var was in stored)
        {
            if (!now.TryGetValue(was.Id, out var found) || found.ParentId != was.ParentId || !found.IsVisible || !found.IsFolder)
                return await LocateAsync(entry, ct);
            current.Add(found);
        }
        current.Add(entry);
        return Located.Of(current);
    }

    /// <summary>
    /// Whether everything inside <paramref name="folder"/> stays within <see cref="DrivePath.MaxDepth"/> once the folder is
    /// at <paramref name="depth"/>: one query per level of folders below it, ids only.
    /// </summary>
    public async Task<bool> FitsAtDepthAsync(EntryDocument folder, int depth, CancellationToken ct)
    {
        List<ObjectId> level = [folder.Id];
        for (var below = depth + 1; level.Count > 0; below++)
        {
            var (folders, any) = await entries.ChildLevelAsync(folder.UserId, level, ct);
            if (any && below > DrivePath.MaxDepth)
                return false;
            level = folders;
        }
        return true;
    }

    /// <summary>The chain from the root down to <paramref name="entry"/> (read as it is now), or null when it is not reachable.</summary>
    public async Task<IReadOnlyList<EntryDocument>?> ChainToAsync(EntryDocument entry, CancellationToken ct) =>
        (await ChainsAsync([entry], ct)).GetValueOrDefault(entry.Id);

    /// <summary>
    /// Where an entry is now, walking up to its root; null when it is not reachable (deleted, or inside something being
    /// deleted). The entry itself may be pending (an upload's claim); everything above it must be a visible folder.
    /// </summary>
    public async Task<Located?> LocateAsync(EntryDocument entry, CancellationToken ct) =>
        (await LocateManyAsync([entry], ct)).GetValueOrDefault(entry.Id);

    /// <summary>
    /// The chain from the root down to the entry <paramref name="id"/>, all read afresh, or null when it is not
    /// reachable. A root's id gives the root alone.
    /// </summary>
    public async Task<IReadOnlyList<EntryDocument>?> ChainOfAsync(long userId, ObjectId id, CancellationToken ct)
    {
        if (DriveRoots.FieldOf(userId, id) is { } field)
            return [DriveRoots.Entry(userId, field)];
        return await entries.FindByIdAsync(id, ct) is { } entry && entry.UserId == userId
            ? (await ChainsAsync([entry], ct)).GetValueOrDefault(id)
            : null;
    }

    /// <summary>Locates many entries at once: one query per level of the deepest, however many entries.</summary>
    public async Task<Dictionary<ObjectId, Located>> LocateManyAsync(IReadOnlyCollection<EntryDocument> targets, CancellationToken ct) =>
        (await ChainsAsync(targets, ct)).ToDictionary(c => c.Key, c => Located.Of(c.Value));

    private async Task<Dictionary<ObjectId, List<EntryDocument>>> ChainsAsync(IReadOnlyCollection<EntryDocument> targets, CancellationToken ct)
    {
        var known = targets.GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First());
        var wanted = Unknown(known.Values, known);
        for (var depth = 0; wanted.Count > 0 && depth < MaxDepth; depth++)
        {
            var fetched = await entries.FindByIdsAsync(wanted, ct);
            foreach (var parent in fetched.Values)
                known[parent.Id] = parent;
            wanted = Unknown(fetched.Values, known);
        }
        var chains = new Dictionary<ObjectId, List<EntryDocument>>();
        foreach (var target in targets)
        {
            if (Walk(target, known) is { } chain)
                chains[target.Id] = chain;
        }
        return chains;
    }

    private static List<ObjectId> Unknown(IEnumerable<EntryDocument> found, Dictionary<ObjectId, EntryDocument> known) =>
        found.Where(e => e.ParentId != e.Id && DriveRoots.FieldOf(e.UserId, e.ParentId) is null && !known.ContainsKey(e.ParentId))
            .Select(e => e.ParentId).Distinct().ToList();

    private static List<EntryDocument>? Walk(EntryDocument target, Dictionary<ObjectId, EntryDocument> known)
    {
        if (target.IsRoot())
            return [target];
        var chain = new List<EntryDocument>();
        for (var current = target; chain.Count < MaxDepth;)
        {
            if (current.RemovedBy is not null || current.ParentId == current.Id
                || !ReferenceEquals(current, target) && (current.State != EntryState.Ready || !current.IsFolder))
                return null;
            chain.Add(current);
            if (DriveRoots.FieldOf(target.UserId, current.ParentId) is { } field)
            {
                chain.Add(DriveRoots.Entry(target.UserId, field));
                chain.Reverse();
                return chain;
            }
            if (!known.TryGetValue(current.ParentId, out var parent) || parent.UserId != target.UserId)
                return null;
            current = parent;
        }
        return null;
    }
}
