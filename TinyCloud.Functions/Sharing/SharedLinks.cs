using TinyCloud.Functions.Accounts;

namespace TinyCloud.Functions.Sharing;

/// <summary>A user's shared links in the original's <c>shared</c> shape (get-current-user, login).</summary>
public sealed class SharedLinks
{
    // Filled in by the sharing feature (issue 5); until shares exist a user has none.
    public Task<IReadOnlyList<SharedLinkView>> ForUserAsync(long userId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SharedLinkView>>([]);
}
