using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace TinyCloud.Shared.Drive;

public sealed record StagedBlock(string BlockId, long SizeBytes);

public enum SealOutcome
{
    Sealed,
    /// <summary>Nothing is committed under the staging name (never uploaded, or discarded meanwhile).</summary>
    Missing,
    /// <summary>The staging blob was written again after it was checked.</summary>
    Changed,
}

/// <summary>
/// The blobs of direct uploads. The client writes a staging blob through a write-only SAS; completion copies it to a
/// name no SAS reaches, so writing through a still-valid SAS can never change (or grow) a file once it is ready.
/// </summary>
public sealed class DirectUploadBlobs(BlobContainerClient container, ILogger<DirectUploadBlobs> logger)
{
    /// <summary>The committed blob's properties; null when nothing is committed under that name.</summary>
    public async Task<BlobProperties?> FindAsync(string blobName, CancellationToken ct)
    {
        try
        {
            return (await container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>Copies the staging blob, exactly as it was when <paramref name="etag"/> was read, to <paramref name="sealedName"/>.</summary>
    public async Task<SealOutcome> SealAsync(string staged, ETag etag, string sealedName, CancellationToken ct)
    {
        var options = new BlobCopyFromUriOptions { SourceConditions = new BlobRequestConditions { IfMatch = etag } };
        try
        {
            var copy = await container.GetBlobClient(sealedName).StartCopyFromUriAsync(container.GetBlobClient(staged).Uri, options, ct);
            await copy.WaitForCompletionAsync(ct);
            return SealOutcome.Sealed;
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return SealOutcome.Missing;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return SealOutcome.Changed;
        }
    }

    /// <summary>The MD5 of a blob's bytes, read as a stream.</summary>
    public async Task<byte[]> ComputeMd5Async(string blobName, CancellationToken ct)
    {
        var download = await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: ct);
        await using var content = download.Value.Content;
        return await MD5.HashDataAsync(content, ct);
    }

    /// <summary>The committed length and the blocks put but not yet committed (what a resuming client need not send again).</summary>
    public async Task<(long Committed, IReadOnlyList<StagedBlock> Staged)> BlocksAsync(string blobName, CancellationToken ct)
    {
        try
        {
            var list = (await container.GetBlockBlobClient(blobName).GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;
            return (list.BlobContentLength, list.UncommittedBlocks.Select(b => new StagedBlock(b.Name, b.SizeLong)).ToList());
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return (0, []);
        }
    }

    /// <summary>
    /// Deletes an upload's blob with its snapshots and uncommitted blocks. A blob that only has uncommitted blocks
    /// cannot be deleted (storage would keep the blocks for a week), so committing an empty list first makes it one
    /// that can. A lease the client took through its SAS is broken.
    /// </summary>
    public async Task DiscardAsync(string blobName, CancellationToken ct)
    {
        var blob = container.GetBlockBlobClient(blobName);
        try
        {
            await DropAsync(blob, ct);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.LeaseIdMissing)
        {
            await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: ct);
            await DropAsync(blob, ct);
        }
    }

    /// <summary>As <see cref="DiscardAsync"/>, but never throws: a blob left behind is only garbage, which TempCleanup sweeps.</summary>
    public async Task TryDiscardAsync(string blobName)
    {
        try
        {
            await DiscardAsync(blobName, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not delete upload blob {Blob}; TempCleanup will sweep it", blobName);
        }
    }

    private static async Task DropAsync(BlockBlobClient blob, CancellationToken ct)
    {
        if (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct))
            return;
        try
        {
            await blob.CommitBlockListAsync([], cancellationToken: ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return; // a page or append blob appeared meanwhile: not ours to drop blocks from
        }
        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
    }
}
