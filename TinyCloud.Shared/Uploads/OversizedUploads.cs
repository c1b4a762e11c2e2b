using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Uploads;

/// <summary>What one look at the open direct uploads found: how many, what they staged, and what was given up.</summary>
public sealed record UploadWatchSummary(int Checked, long StagedBytes, int GivenUp, long ExcessBytes);

/// <summary>
/// The upload watch. A write-only SAS URL cannot limit how much is written through it (Azure checks its permissions,
/// resource and expiry, never a size), so the worker looks: any open direct upload whose staging holds more bytes,
/// committed and uncommitted, than it declared is given up as an abort would (its staging container, pending entry,
/// reservation and link file go). Excess bytes are never charged to anyone; they live until the next look.
/// </summary>
public sealed class OversizedUploads(EntryStore entries, DirectUploadBlobs staging, FileUploads uploads, ILogger<OversizedUploads> logger)
{
    public async Task<UploadWatchSummary> SweepAsync(CancellationToken ct)
    {
        var (checkedCount, stagedBytes, givenUp, excessBytes) = (0, 0L, 0, 0L);
        for (var after = ObjectId.Empty; await entries.OpenDirectUploadsPageAsync(after, ct) is { Count: > 0 } page; after = page[^1].Id)
        {
            foreach (var upload in page)
            {
                var (committed, blocks) = await staging.BlocksAsync(upload.Blob!, ct);
                var staged = committed + blocks.Sum(b => b.SizeBytes);
                checkedCount++;
                stagedBytes += staged;
                if (staged <= upload.ReservedBytes || await uploads.AbortAsync(upload) != AbortOutcome.Aborted)
                    continue;
                givenUp++;
                excessBytes += staged - upload.ReservedBytes;
                logger.LogWarning("Gave up direct upload {UploadId} of user {UserId}: {Staged} bytes staged for {Declared} declared",
                    upload.Id, upload.UserId, staged, upload.ReservedBytes);
            }
        }
        return new UploadWatchSummary(checkedCount, stagedBytes, givenUp, excessBytes);
    }
}
