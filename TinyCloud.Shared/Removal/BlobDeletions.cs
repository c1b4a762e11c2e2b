using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Removal;

/// <summary>
/// Deletes the blobs of removed entries, after their entries are gone, so a removal's answer never waits on Blob
/// Storage for long: blobs go <see cref="Parallelism"/> at a time, each group within <c>Blob:DeleteAttemptSeconds</c> (3);
/// once one fails (storage down or stalled) no removal of this worker tries again for <c>Blob:DeleteOutagePauseSeconds</c>
/// (30), and what it leaves is swept by TempCleanup's orphan sweep (nothing references those names any more). A folder delete or an
/// empty-trash with Blob Storage unreachable therefore answers within a few seconds, its entries removed and freed.
/// A blob may be shared (a copy refers to its source's blob): each name is deleted only if no entry or version refers to
/// it any more, asked after the removed entries are gone (a copy inserts its entries before it checks its sources are
/// still referred to, so one of the two always sees the other).
/// </summary>
public sealed class BlobDeletions(BlobFiles blobs, EntryStore entries, IOptions<BlobOptions> options, TimeProvider clock,
    ILogger<BlobDeletions> logger)
{
    public const int Parallelism = 16;
    private readonly TimeSpan _attemptLimit = TimeSpan.FromSeconds(options.Value.DeleteAttemptSeconds);
    private readonly TimeSpan _outagePause = TimeSpan.FromSeconds(options.Value.DeleteOutagePauseSeconds);

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
            limit.CancelAfter(_attemptLimit);
            var failed = (await Task.WhenAll(group.Select(name => TryDeleteAsync(name, limit.Token)))).Count(ok => !ok);
            ct.ThrowIfCancellationRequested();
            if (failed == 0)
                continue;
            left += failed;
            Interlocked.Exchange(ref _pausedUntil, (clock.GetUtcNow() + _outagePause).UtcTicks);
        }
        if (left > 0)
            logger.LogWarning("Blob Storage did not delete {Left} of {Count} blobs of user {UserId} (pausing blob deletions for {Pause}); " +
                "TempCleanup's orphan sweep deletes them", left, names.Count, userId, _outagePause);
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
