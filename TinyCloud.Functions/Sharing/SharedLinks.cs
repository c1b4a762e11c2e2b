using TinyCloud.Functions.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>A user's shared links with their entries; in the original's <c>shared</c> shape for get-current-user and login.</summary>
public sealed class SharedLinks(ShareStore shares, EntryStore entries)
{
    public async Task<IReadOnlyList<SharedEntry>> WithEntriesAsync(long userId, CancellationToken ct)
    {
        var links = await shares.ListForUserAsync(userId, ct);
        if (links.Count == 0)
            return [];
        // A share whose entry vanished (deleted while being shared) points at nothing; it is simply not listed.
        var byId = await entries.FindByIdsAsync(links.Select(s => s.EntryId), ct);
        return links.Where(s => byId.TryGetValue(s.EntryId, out var e) && e.UserId == userId)
            .Select(s => new SharedEntry(s, byId[s.EntryId])).ToList();
    }

    public async Task<IReadOnlyList<SharedLinkView>> ForUserAsync(long userId, CancellationToken ct) =>
        (await WithEntriesAsync(userId, ct))
            .Select(l => new SharedLinkView(l.Share.HashedLink, l.Entry.Field, l.Entry.Path, l.Entry.Kind)).ToList();
}
