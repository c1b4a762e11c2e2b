using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Removal;

/// <summary>
/// Deletes the blobs of removed entries, after their entries are gone, so a removal's answer never waits on Blob
/// Storage for long: blobs go <see cref="Parallelism"/> at a time, each group within <see cref="AttemptLimit"/>; once one
/// fails (storage down or stalled) no removal of this worker tries again for <see cref="OutagePause"/>, and what it
/// leaves is swept by TempCleanup's orphan sweep (nothing references those names any more). A folder delete or an
/// empty-trash with Blob Storage unreachable therefore answers within a few seconds, its entries removed and freed.
/// A blob may be shared (a copy refers to its source's blob): each name is deleted only if no entry or version refers to
/// it any more, asked after the removed entries are gone (a copy inserts its entries before it checks its sources are
/// still referred to, so one of the two always sees the other).
/// </summary>
public sealed class BlobDeletions(BlobFiles blobs, EntryStore entries, TimeProvider clock, ILogger<BlobDeletions> logger)
{
    public const int Parallelism = 16;
    public static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan OutagePause = TimeSpan.FromSeconds(30);

    private long _pausedUntil; // UTC ticks

    /// <summary>Deletes what it can; the number of names it left to TempCleanup.</summary>
    public async Task<int> DeleteAsync(long userId, IReadOnlyList<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
            return 0;
        try
        {
            var referenced = new HashSet<string>();
            foreach (var chunk in names.Chunk(EntryStore.BatchSize))
                referenced.UnionWith(await entries.FindReferencedBlobsAsync(chunk, ct));
            names = names.Where(n => !referenced.Contains(n)).ToList();
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Not knowing what is still referred to, delete nothing: the orphan sweep asks again later.
            logger.LogWarning(ex, "Could not tell which of {Count} blobs of user {UserId} are still referred to; TempCleanup's orphan sweep decides", names.Count, userId);
            return names.Count;
        }
        var left = 0;
        foreach (var group in names.Chunk(Parallelism))
        {
            if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _pausedUntil))
            {
                left += group.Length;
                continue;
            }
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(AttemptLimit);
            var failed = (await Task.WhenAll(group.Select(name => TryDeleteAsync(name, limit.Token)))).Count(ok => !ok);
            ct.ThrowIfCancellationRequested();
            if (failed == 0)
                continue;
            left += failed;
            Interlocked.Exchange(ref _pausedUntil, (clock.GetUtcNow() + OutagePause).UtcTicks);
        }
        if (left > 0)
            logger.LogWarning("Blob Storage did not delete {Left} of {Count} blobs of user {UserId} (pausing blob deletions for {Pause}); " +
                "TempCleanup's orphan sweep deletes them", left, names.Count, userId, OutagePause);
        return left;
    }

    private async Task<bool> TryDeleteAsync(string name, CancellationToken ct)
    {
        try
        {
            await blobs.DeleteAsync(name, ct);
            return true;
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Could not delete blob {Blob}", name);
            return false;
        }
    }
}
