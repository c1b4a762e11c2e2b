using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Sharing;

public sealed class ShareResolver(UserStore users, ShareStore shares, EntryStore entries, DriveTree tree, TimeProvider clock)
{
    /// <summary>
    /// The live share behind a public link and the entry it names, or null however the link fails (unknown user or
    /// link, unshared, expired, download budget spent, entry gone), so that callers cannot tell which.
    /// </summary>
    public async Task<SharedEntry?> ResolveAsync(string? userName, string? hashedLink, CancellationToken ct)
    {
        if (!HashedLinks.IsWellFormed(hashedLink) || string.IsNullOrEmpty(userName) || userName.Length > 64)
            return null;
        var user = await users.FindByNameAsync(userName, ct);
        if (user is null || user.Closing is not null)
            return null;
        var share = await shares.FindByLinkAsync(user.Id, hashedLink, ct);
        if (share is null || !share.IsLive(clock.GetUtcNow().UtcDateTime))
            return null;
        // Located, not just found: an entry inside a folder being deleted is no longer reachable, and neither is its link.
        var entry = await entries.FindByIdAsync(share.EntryId, ct);
        return entry is { State: EntryState.Ready } && entry.UserId == user.Id && await tree.ChainToAsync(entry, ct) is { } chain
            ? new SharedEntry(share, Located.Of(chain)) { Owner = user, Chain = chain }
            : null;
    }
}
