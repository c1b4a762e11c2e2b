using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 2: pending uploads past their expiry, streamed or direct, lose their entry, their reservation and the file of
/// an upload-only link's count they hold (through <see cref="PendingUploads.TryAbandonAsync"/>, so a completion or
/// abort racing this gives nothing back twice), then their blob with any uncommitted blocks.
/// </summary>
public sealed class PendingReclaim(
    EntryStore entries, PendingUploads pending, DirectUploadBlobs uploads, BlobDeletions blobDeletions, TimeProvider clock,
    ILogger<PendingReclaim> logger)
{
    public async Task<StepTally> ReclaimAsync(CleanupBudget budget, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tally = StepTally.None;
        await foreach (var page in Paging.ByKeyAsync(ObjectId.Empty, (after, c) => entries.ExpiredPendingPageAsync(now, after, c), e => e.Id, budget, ct))
        foreach (var entry in page)
        {
            await budget.SpendAsync(RequestUnits.Writes(2), ct);
            // An abandoned copy's entries first (they share their sources' blobs: none is deleted), then its top.
            var shared = await entries.DeleteCopiesAsync(entry.Id, ct);
            await blobDeletions.DeleteAsync(entry.UserId, shared, ct);
            if (entry is { LandingBy: { } token, ReplacesId: { } fileId })
            {
                // A completion died landing a replacing upload: what the file shows decides usage or give-back.
                var file = await entries.FindByIdAsync(fileId, ct);
                var landed = file?.HoldsContent(entry.Id) == true;
                if (!await pending.FinishLandingAsync(entry, token, landed, entry.ReservedBytes, expiredBefore: now))
                    continue;
                if (entry.Blob is not null)
                    await uploads.TryDiscardAsync(entry.Blob);
                logger.LogInformation("Finished the landing of replacing upload {EntryId} of user {UserId} that its completion left: {Outcome}",
                    entry.Id, entry.UserId, landed ? "landed, charged" : "not landed, given back");
                tally = tally.Add(1, landed ? 0 : entry.ReservedBytes);
                continue;
            }
            if (!await pending.TryAbandonAsync(entry, ct))
                continue;
            if (entry.Blob is not null)
                await uploads.TryDiscardAsync(entry.Blob);
            logger.LogInformation("Reclaimed abandoned upload {EntryId} ({Name}) of user {UserId}: {ReservedBytes} bytes reserved",
                entry.Id, entry.Name, entry.UserId, entry.ReservedBytes);
            tally = tally.Add(1, entry.ReservedBytes);
        }
        await foreach (var tops in Paging.ByKeyAsync(ObjectId.Empty, entries.CopyTopsPageAsync, t => t, budget, ct))
        {
            var existing = await entries.FindByIdsAsync(tops, ct);
            foreach (var top in tops.Where(t => !existing.ContainsKey(t)))
                await entries.DeleteCopiesAsync(top, ct); // a copy whose top is gone (given up half way); the orphan sweep takes blobs left
        }
        return tally;
    }
}
