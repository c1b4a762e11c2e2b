using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// The invariants of one user's drive, checked from the documents themselves: every entry hangs from a root or from
/// an entry that exists; the quota counters equal what the listed entries hold; and every share points at a listed
/// entry. With <c>idle</c> it adds what holds only when no request is running: nothing pending, reserved,
/// claimed by a removal or cut out and waiting for its sweep. Trashed entries (the top of each trashed subtree, its own
/// parent with its origin kept) and everything under them are held, not listed: they must still be charged, must have
/// no link, and a trashed top must say where it came from. Returns the violations, empty when the drive is sound.
/// </summary>
public sealed class DriveAudit(UserStore users, EntryStore entries, ShareStore shares)
{
    public async Task<IReadOnlyList<string>> CheckAsync(long userId, bool idle, CancellationToken ct)
    {
        var problems = new List<string>();
        if (await users.FindByIdAsync(userId, ct) is not { } user)
            return [$"user {userId} does not exist"];
        var all = new Dictionary<ObjectId, EntryDocument>();
        await foreach (var entry in entries.AllOfUserAsync(userId, ct))
            all[entry.Id] = entry;

        var listed = Listed(userId, all);
        var held = InTrash(all);
        foreach (var entry in all.Values)
        {
            var parentKnown = DriveRoots.FieldOf(userId, entry.ParentId) is not null || all.ContainsKey(entry.ParentId)
                || entry.ParentId == entry.Id && entry.State is EntryState.Deleting or EntryState.Trashed;
            if (!parentKnown)
                problems.Add($"entry {entry.Id} ('{entry.Name}') has no parent: {entry.ParentId} does not exist");
            if (entry.State == EntryState.Trashed && (entry.ParentId != entry.Id || entry.Trash is null || entry.Name != EntryStore.CutOutName))
                problems.Add($"entry {entry.Id} is trashed but not cut out with its origin (parent {entry.ParentId}, name '{entry.Name}')");
            if (entry.State == EntryState.Ready && entry.Trash is not null)
                problems.Add($"entry {entry.Id} ('{entry.Name}') is ready but still carries trash information");
            if (idle && entry.State is not (EntryState.Ready or EntryState.Trashed))
                problems.Add($"entry {entry.Id} ('{entry.Name}') is still {LowerCaseEnumSerializer<EntryState>.Name(entry.State)}");
            if (idle && entry.RemovedBy is not null)
                problems.Add($"entry {entry.Id} ('{entry.Name}') is claimed by removal {entry.RemovedBy} but still exists");
            if (idle && entry.State == EntryState.Ready && !listed.Contains(entry.Id) && !held.Contains(entry.Id))
                problems.Add($"entry {entry.Id} ('{entry.Name}') exists but is not reachable from a root");
        }

        var used = all.Values.Where(e => (listed.Contains(e.Id) || held.Contains(e.Id)) && !e.IsFolder).Sum(e => e.ChargedBytes);
        var reserved = all.Values.Where(e => e.State == EntryState.Pending).Sum(e => e.ReservedBytes);
        if (idle && user.UsedBytes != used)
            problems.Add($"used_bytes is {user.UsedBytes} but the listed files hold {used} (trashed ones included)");
        if (idle && user.ReservedBytes != 0)
            problems.Add($"reserved_bytes is {user.ReservedBytes} while idle");
        if (!idle && user.ReservedBytes < reserved)
            problems.Add($"reserved_bytes is {user.ReservedBytes} but pending uploads hold {reserved}");
        if (user.FreeBytes != user.QuotaBytes - user.UsedBytes - user.ReservedBytes)
            problems.Add($"free_bytes is {user.FreeBytes}, not quota - used - reserved = {user.QuotaBytes - user.UsedBytes - user.ReservedBytes}");

        foreach (var share in await shares.ListForUserAsync(userId, ct))
            if (idle && !listed.Contains(share.EntryId))
                problems.Add($"share {share.HashedLink} points at {share.EntryId}, which is not a listed entry");
        foreach (var entry in all.Values.Where(e => idle && e.Shared && held.Contains(e.Id)))
            problems.Add($"entry {entry.Id} ('{entry.Name}') is in the trash but still marked shared");
        return problems;
    }

    /// <summary>The entries the trash holds: each trashed top and the ready, unclaimed entries under it.</summary>
    private static HashSet<ObjectId> InTrash(Dictionary<ObjectId, EntryDocument> all)
    {
        var children = all.Values.Where(e => e.IsVisible && e.ParentId != e.Id).ToLookup(e => e.ParentId);
        var tops = all.Values.Where(e => e.State == EntryState.Trashed && e.RemovedBy is null).Select(e => e.Id).ToList();
        var held = new HashSet<ObjectId>(tops);
        var pending = new Stack<ObjectId>(tops);
        while (pending.TryPop(out var folder))
        {
            foreach (var child in children[folder])
                if (held.Add(child.Id) && child.IsFolder)
                    pending.Push(child.Id);
        }
        return held;
    }

    /// <summary>The entries a listing can reach: ready, unclaimed, under visible folders up to a root.</summary>
    private static HashSet<ObjectId> Listed(long userId, Dictionary<ObjectId, EntryDocument> all)
    {
        var children = all.Values.Where(e => e.IsVisible).ToLookup(e => e.ParentId);
        var listed = new HashSet<ObjectId>();
        var pending = new Stack<ObjectId>(FileFields.All.Select(f => DriveRoots.Id(userId, f)));
        while (pending.TryPop(out var folder))
        {
            foreach (var child in children[folder])
                if (listed.Add(child.Id) && child.IsFolder)
                    pending.Push(child.Id);
        }
        return listed;
    }
}
