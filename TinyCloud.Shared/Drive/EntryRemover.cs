using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Shared.Drive;

public sealed record Removal(int Entries, long FreedBytes);

/// <summary>
/// Deletes a file or a whole folder, deepest entries first and the folder itself last, so a crash part-way leaves
/// a smaller but consistent tree. Each batch deletes entries, then gives back the quota they charged, then deletes
/// their blobs; what a crash can leave (orphan blobs, quota drift) is repaired by TempCleanup.
/// </summary>
public sealed class EntryRemover(EntryStore entries, ShareStore shares, QuotaStore quota, BlobFiles blobs, ILogger<EntryRemover> logger)
{
    public async Task<Removal> RemoveAsync(EntryDocument entry, CancellationToken ct)
    {
        var batch = new List<EntryDocument>(EntryStore.BatchSize);
        var total = new Removal(0, 0);
        if (entry.IsFolder)
        {
            await foreach (var child in entries.DescendantsAsync(entry.UserId, entry.Field, entry.Path, ct, deepestFirst: true))
            {
                batch.Add(child);
                if (batch.Count == EntryStore.BatchSize)
                    total = Add(total, await RemoveBatchAsync(entry.UserId, batch, ct));
            }
        }
        batch.Add(entry);
        return Add(total, await RemoveBatchAsync(entry.UserId, batch, ct));
    }

    private async Task<Removal> RemoveBatchAsync(long userId, List<EntryDocument> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
            return new Removal(0, 0);
        // Whoever deletes a pending entry gives back its reservation (here, or the upload's own request, an abort or
        // TempCleanup, whichever wins the delete), so it is given back exactly once.
        foreach (var pending in batch.Where(e => e.State == EntryStates.Pending))
        {
            if (await entries.DeletePendingAsync(pending.Id, ct))
                await quota.ReleaseAsync(userId, pending.ReservedBytes, ct);
        }
        var ready = batch.Where(e => e.State == EntryStates.Ready && !e.IsFolder).ToList();
        var freed = ready.Sum(e => e.SizeBytes);
        await entries.DeleteManyAsync(batch.Select(e => e.Id).ToList(), ct);
        await shares.DeleteForEntriesAsync(batch.Select(e => e.Id).ToList(), ct);
        await quota.FreeAsync(userId, freed, ct);
        foreach (var blob in ready.Select(e => e.Blob).OfType<string>())
        {
            try
            {
                await blobs.DeleteAsync(blob, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not delete blob {Blob}; TempCleanup will sweep it", blob);
            }
        }
        var removal = new Removal(batch.Count, freed);
        batch.Clear();
        return removal;
    }

    private static Removal Add(Removal a, Removal b) => new(a.Entries + b.Entries, a.FreedBytes + b.FreedBytes);
}
