using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 3b: deletes direct uploads' staging containers that no pending upload refers to any more (a completion or an
/// abort that could not delete its container, a crash in between, a pending upload taken by a folder's removal).
/// Completion, abort and the reclaim of abandoned uploads delete their containers themselves; this catches the rest,
/// once they are older than the grace period, and only its own: those made for another files' container in the same
/// account (another deployment sharing it) are left to that deployment. Deleting the container also kills the upload URL that wrote into it.
/// </summary>
public sealed class UploadContainerSweep(
    BlobContainerClient container, DirectUploadBlobs uploads, EntryStore entries, IOptions<CleanupOptions> options, TimeProvider clock,
    ILogger<UploadContainerSweep> logger)
{
    public async Task<StepTally> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes);
        var service = container.GetParentBlobServiceClient();
        var tally = StepTally.None;
        await foreach (var page in service.GetBlobContainersAsync(BlobContainerTraits.Metadata, prefix: "up-", cancellationToken: ct).AsPages(pageSizeHint: OrphanSweep.PageSize))
        {
            var old = page.Values.Where(c => BlobNames.IsStaging(c.Name) && uploads.IsOwn(c.Properties.Metadata) && c.Properties.LastModified < cutoff).Select(c => c.Name).ToList();
            if (old.Count == 0)
                continue;
            var referenced = (await entries.FindReferencedBlobsAsync(old, ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var name in old.Where(n => !referenced.Contains(n)))
            {
                var staging = service.GetBlobContainerClient(name);
                var bytes = await StagedBytesAsync(staging, ct);
                try
                {
                    if (!await staging.DeleteIfExistsAsync(cancellationToken: ct))
                        continue;
                }
                catch (RequestFailedException ex)
                {
                    logger.LogWarning(ex, "Could not delete upload container {Container}; the next run retries", name);
                    continue;
                }
                logger.LogInformation("Deleted upload container {Container} that no upload refers to ({Bytes} bytes)", name, bytes);
                tally = tally.Add(1, bytes);
            }
        }
        return tally;
    }

    /// <summary>What the container held, committed or not.</summary>
    private static async Task<long> StagedBytesAsync(BlobContainerClient staging, CancellationToken ct)
    {
        try
        {
            var list = (await staging.GetBlockBlobClient(BlobNames.StagedBlob).GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;
            return list.BlobContentLength + list.UncommittedBlocks.Sum(b => b.SizeLong);
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return 0;
        }
    }
}
