using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// A short per-user lease that serializes the changes that could cut the tree wrongly if two ran at once: moves (two
/// crossing folder moves would make a cycle) and folder deletes (a move must not land inside a folder being cut
/// out). Renames, creates and uploads do not take it; they are single inserts or updates checked afterwards. The lease
/// lasts <see cref="Duration"/> and is renewed every third of it while held, so a change may take as long as it needs,
/// and a worker that dies holding it (mid restore, mid move) blocks the user's next move for at most
/// <see cref="Duration"/>, well within the <see cref="Patience"/> a move waits: it waits, it is not refused.
/// </summary>
public sealed class TreeLock(LeaseStore leases, TimeProvider clock, ILogger<TreeLock> logger)
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The lease, or null when another change held it for longer than we wait.</summary>
    public async Task<IAsyncDisposable?> AcquireAsync(long userId, CancellationToken ct)
    {
        var name = $"tree:{userId}";
        var started = clock.GetTimestamp();
        while (true)
        {
            if (await HeldLease.TryAcquireAsync(leases, name, Duration, clock, logger, ct) is { } held)
                return held;
            if (clock.GetElapsedTime(started) > Patience)
                return null;
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 40)), clock, ct);
        }
    }
}
