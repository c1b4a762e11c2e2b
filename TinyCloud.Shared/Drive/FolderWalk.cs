using System.Runtime.CompilerServices;
using MongoDB.Bson;

namespace TinyCloud.Shared.Drive;

/// <summary>An entry inside a folder, with its path relative to that folder (no leading '/').</summary>
public sealed record Descendant(EntryDocument Entry, string RelativePath);

/// <summary>Walks a folder's subtree level by level: one query per level and per 500 folders of it.</summary>
public sealed class FolderWalk(EntryStore entries)
{
    /// <summary>
    /// Everything inside a folder, parents before children. With <paramref name="visibleOnly"/>, only ready entries
    /// not being removed (and nothing below a folder that is not); otherwise every entry, pending ones included.
    /// </summary>
    public async IAsyncEnumerable<Descendant> DescendantsAsync(
        long userId, ObjectId folderId, bool visibleOnly, [EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<ObjectId> { folderId };
        var level = new Dictionary<ObjectId, string> { [folderId] = "" };
        while (level.Count > 0)
        {
            var next = new Dictionary<ObjectId, string>();
            foreach (var batch in level.Keys.Chunk(EntryStore.BatchSize))
            {
                foreach (var child in await entries.ChildrenOfAsync(userId, batch, ct))
                {
                    if (visibleOnly && !child.IsVisible)
                        continue;
                    var parentPath = level[child.ParentId];
                    var path = parentPath.Length == 0 ? child.Name : parentPath + "/" + child.Name;
                    yield return new Descendant(child, path);
                    // A folder seen twice could only come from a corrupted tree; walking it once keeps the walk finite.
                    if (child.IsFolder && seen.Add(child.Id))
                        next[child.Id] = path;
                }
            }
            level = next;
        }
    }

    public async Task<long> ReadyBytesInsideAsync(long userId, ObjectId folderId, CancellationToken ct)
    {
        long total = 0;
        await foreach (var (entry, _) in DescendantsAsync(userId, folderId, visibleOnly: true, ct))
            total += entry.IsFolder ? 0 : entry.SizeBytes;
        return total;
    }
}
