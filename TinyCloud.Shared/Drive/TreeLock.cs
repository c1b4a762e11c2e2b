using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// A short per-user lease that serializes the changes that could cut the tree wrongly if two ran at once: moves (two
/// crossing folder moves would make a cycle) and folder deletes (a move must not land inside a folder being cut
/// out). Renames, creates and uploads do not take it; they are single inserts or updates checked afterwards.
/// </summary>
public sealed class TreeLock(LeaseStore leases)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The lease, or null when another change held it for longer than we wait.</summary>
    public async Task<IAsyncDisposable?> AcquireAsync(long userId, CancellationToken ct)
    {
        var name = $"tree:{userId}";
        var owner = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + Patience;
        while (!await leases.TryAcquireAsync(name, owner, Duration, ct))
        {
            if (DateTime.UtcNow > deadline)
                return null;
            await Task.Delay(Random.Shared.Next(5, 40), ct);
        }
        return new Held(leases, name, owner);
    }

    private sealed class Held(LeaseStore leases, string name, string owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await leases.ReleaseAsync(name, owner, CancellationToken.None);
    }
}
