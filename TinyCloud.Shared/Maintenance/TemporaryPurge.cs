using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 1: removes what in the <c>temporary</c> field was last modified before the retention window — files, and
/// folders whose whole content is that old — through <see cref="EntryRemover"/>, which frees the quota and deletes
/// the blobs (and shares) with them. A pending upload counts as recent content; abandoned ones are left to
/// <see cref="PendingReclaim"/>. Users are taken 500 at a time, and only those with anything in temporary are walked; a
/// run whose budget runs out records the last user done, and the next run goes on from there.
/// </summary>
public sealed class TemporaryPurge(
    UserStore users, EntryStore entries, FolderWalk walk, EntryRemover remover, CleanupCursors cursors,
    IOptions<TemporaryOptions> options, TimeProvider clock, ILogger<TemporaryPurge> logger)
{
    private const string Pass = "temporary-purge";

    public async Task<StepTally> PurgeAsync(CleanupBudget budget, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(options.Value.RetentionHours);
        var tally = StepTally.None;
        await foreach (var page in cursors.RollingAsync(
                           Pass, CursorKeys.Longs, (after, c) => users.PageAsync(after, EntryStore.BatchSize, c), u => u.Id, budget, ct))
            tally = await PurgeUsersAsync(page.Select(u => u.Id).ToList(), cutoff, tally, budget, ct);
        if (tally.Count > 0)
            logger.LogInformation("Purged {Entries} temporary entries ({Bytes} bytes) last modified before {Cutoff:o}",
                tally.Count, tally.Bytes, cutoff);
        return tally;
    }

    private async Task<StepTally> PurgeUsersAsync(
        List<long> userIds, DateTime cutoff, StepTally tally, CleanupBudget budget, CancellationToken ct)
    {
        var roots = userIds.Select(id => DriveRoots.Id(id, FileFields.Temporary)).ToList();
        var tops = await entries.ChildrenOfAnyAsync(userIds, roots, ct);
        await budget.SpendAsync(RequestUnits.Query(tops.Count), ct);
        foreach (var user in tops.GroupBy(e => e.UserId))
        {
            var inside = new List<EntryDocument>();
            await foreach (var (entry, _) in walk.DescendantsAsync(user.Key, DriveRoots.Id(user.Key, FileFields.Temporary), visibleOnly: false, ct))
                inside.Add(entry);
            await budget.SpendAsync(RequestUnits.Query(inside.Count), ct);
            foreach (var old in OldEntries(inside, DriveRoots.Id(user.Key, FileFields.Temporary), cutoff))
                if ((await remover.RemoveAsync(old, ct)).Done is { } removed)
                {
                    tally = tally.Add(removed.Entries, removed.FreedBytes);
                    await budget.SpendAsync(RequestUnits.Writes(removed.Entries), ct);
                }
        }
        return tally;
    }

    /// <summary>The highest entries that are wholly old: folders whose every descendant is, and old files elsewhere.</summary>
    private static IEnumerable<EntryDocument> OldEntries(List<EntryDocument> inside, ObjectId root, DateTime cutoff)
    {
        var children = inside.ToLookup(e => e.ParentId);
        var old = new Dictionary<ObjectId, bool>();
        bool IsOld(EntryDocument e) => old.TryGetValue(e.Id, out var known) ? known : old[e.Id] =
            e.IsVisible && e.ModifiedAt < cutoff && children[e.Id].All(IsOld);

        var pending = new Stack<ObjectId>([root]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in children[folder])
            {
                if (IsOld(entry))
                    yield return entry;
                else if (entry.IsFolder)
                    pending.Push(entry.Id);
            }
        }
    }
}
