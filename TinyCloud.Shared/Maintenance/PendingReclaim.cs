using Azure;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>Step 2: pending uploads past their expiry lose their entry, then their reservation, then their blob.</summary>
public sealed class PendingReclaim(
    EntryStore entries, QuotaStore quota, BlobFiles blobs, TimeProvider clock, ILogger<PendingReclaim> logger)
{
    public async Task<StepTally> ReclaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tally = StepTally.None;
        var expired = entries.Collection.Find(e => e.State == EntryStates.Pending && e.ExpiresAt < now,
            new FindOptions { BatchSize = EntryStore.BatchSize });
        await foreach (var entry in expired.StreamAsync(ct))
        {
            // The delete repeats the condition, so an upload completing right now (pending -> ready) keeps its entry;
            // whoever deletes the pending entry is the one that gives its reservation back.
            var deleted = await entries.Collection.DeleteOneAsync(
                e => e.Id == entry.Id && e.State == EntryStates.Pending && e.ExpiresAt < now, ct);
            if (deleted.DeletedCount == 0)
                continue;
            await quota.ReleaseAsync(entry.UserId, entry.ReservedBytes, ct);
            if (entry.Blob is not null)
                await DeleteBlobAsync(entry.Blob, ct);
            logger.LogInformation("Reclaimed abandoned upload {Path} in {Field} of user {UserId}: {ReservedBytes} bytes reserved",
                entry.Path, entry.Field, entry.UserId, entry.ReservedBytes);
            tally = tally.Add(1, entry.ReservedBytes);
        }
        return tally;
    }

    private async Task DeleteBlobAsync(string blob, CancellationToken ct)
    {
        try
        {
            await blobs.DeleteAsync(blob, ct);
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Could not delete blob {Blob}; the orphan sweep will", blob);
        }
    }
}
