using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>A link in the original's <c>shared</c> shape, as get-current-user and login list them.</summary>
public sealed record SharedLinkView(string HashedLink, string FileField, string AbsPathToEntity, string BaseType);

/// <summary>A user's shared links with where their entries are now.</summary>
public sealed class SharedLinks(ShareStore shares, EntryStore entries, DriveTree tree)
{
    public async Task<IReadOnlyList<SharedEntry>> WithEntriesAsync(long userId, CancellationToken ct)
    {
        var links = await shares.ListForUserAsync(userId, ct);
        if (links.Count == 0)
            return [];
        // A share whose entry is gone or unreachable (deleted while being shared) points at nothing: it is not listed.
        var found = await entries.FindByIdsAsync(links.Select(s => s.EntryId), ct);
        var located = await tree.LocateManyAsync(found.Values.Where(e => e.UserId == userId && e.IsVisible).ToList(), ct);
        return links.Where(s => located.ContainsKey(s.EntryId)).Select(s => new SharedEntry(s, located[s.EntryId])).ToList();
    }

    public async Task<IReadOnlyList<SharedLinkView>> ForUserAsync(long userId, CancellationToken ct) =>
        (await WithEntriesAsync(userId, ct))
            .Select(l => new SharedLinkView(l.Share.HashedLink, l.Target.Field, l.Target.Path, l.Target.Entry.Kind)).ToList();
}
