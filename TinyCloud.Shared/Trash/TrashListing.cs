using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Trash;

/// <summary>
/// Lists a user's trash a page at a time, newest first, paged by key. A folder's size is the total of the files it
/// holds, summed over the page's folders together: one query per level of the deepest, however many folders.
/// </summary>
public sealed class TrashListing(EntryStore entries, IOptions<TrashOptions> options)
{
    public const int MaxPage = 200;

    public async Task<TrashPage> PageAsync(long userId, ObjectId? before, int limit, CancellationToken ct)
    {
        var page = await entries.TrashPageAsync(userId, before, limit + 1, ct);
        var items = page.Take(limit).Where(e => e.Trash is not null).ToList();
        var totals = await FolderTotalsAsync(userId, items.Where(e => e.IsFolder).Select(e => e.Id).ToList(), ct);
        return new TrashPage(
            items.Select(e => new TrashItem(e, e.Trash!, e.IsFolder ? totals[e.Id] : e.ChargedBytes, PurgeAt(e.Trash!))).ToList(),
            page.Count > limit ? items[^1].Trash!.Key : null);
    }

    /// <summary>The total size of the files inside a trashed folder.</summary>
    public async Task<long> SizeOfAsync(long userId, ObjectId folderId, CancellationToken ct) =>
        (await FolderTotalsAsync(userId, [folderId], ct))[folderId];

    /// <summary>When TempCleanup deletes a trashed entry for good (its first run from then on).</summary>
    public DateTime PurgeAt(TrashInfo info) => info.DeletedAt + TimeSpan.FromDays(options.Value.RetentionDays);

    private async Task<Dictionary<ObjectId, long>> FolderTotalsAsync(long userId, List<ObjectId> folders, CancellationToken ct)
    {
        var totals = folders.ToDictionary(f => f, _ => 0L);
        var topOf = folders.ToDictionary(f => f, f => f);
        var level = folders;
        while (level.Count > 0)
        {
            var next = new List<ObjectId>();
            foreach (var batch in level.Chunk(EntryStore.BatchSize))
            {
                foreach (var child in await entries.ChildrenOfAsync(userId, batch, ct))
                {
                    var top = topOf[child.ParentId];
                    if (!child.IsFolder && child.State == EntryState.Ready)
                        totals[top] += child.ChargedBytes;
                    else if (child.IsFolder && topOf.TryAdd(child.Id, top))
                        next.Add(child.Id);
                }
            }
            level = next;
        }
        return totals;
    }
}
