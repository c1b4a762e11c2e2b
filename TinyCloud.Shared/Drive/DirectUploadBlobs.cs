using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
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
/// The blobs of direct uploads. Each upload is staged in a container of its own (see <see cref="BlobNames"/>), written
/// by the client through a write-only SAS for its one blob. Completion copies it to a name in the files' container
/// and deletes the staging container; so does an abort. A SAS cannot be revoked on its own, but without its container
/// it can no longer write anything anywhere. Staging names of older versions (a blob in the files' container) work too.
/// </summary>
public sealed class DirectUploadBlobs(BlobContainerClient container, BlobFiles blobs, BlobNames names, ILogger<DirectUploadBlobs> logger)
{
    public string NewStagingName(long userId) => names.NewStaging(userId);

    /// <summary>The staging container's metadata key naming the files' container it belongs to.</summary>
    public const string OwnerMetadata = "tinycloud_files";

    /// <summary>
    /// Creates the upload's staging container, before any URL to it is handed out. It names the files' container it
    /// belongs to, so a deployment sharing the storage account (another app, a slot) never sweeps it as its own.
    /// </summary>
    public Task PrepareAsync(string staging, CancellationToken ct) => blobs.Staging(staging).CreateIfNotExistsAsync(
        metadata: new Dictionary<string, string> { [OwnerMetadata] = container.Name }, cancellationToken: ct);

    /// <summary>True when the staging container was made for this files' container, or by a version that did not say.</summary>
    public bool IsOwn(IDictionary<string, string>? metadata) =>
        metadata is null || !metadata.TryGetValue(OwnerMetadata, out var owner) || owner == container.Name;

    /// <summary>A SAS URL that may create and write the upload's one blob (blocks, block list, or a single put) and nothing else.</summary>
    public Uri WriteSas(string staging, TimeSpan lifetime, DateTimeOffset now)
    {
        var blob = Staged(staging);
        var sas = BlobFiles.Sas(blob.GetParentBlobContainerClient(), blob.Name, lifetime, now);
        sas.SetPermissions(BlobSasPermissions.Create | BlobSasPermissions.Write);
        return blob.GenerateSasUri(sas);
    }

    /// <summary>The committed blob's properties; null when nothing is committed under that name.</summary>
    public async Task<BlobProperties?> FindAsync(string staging, CancellationToken ct)
    {
        try
        {
            return (await Staged(staging).GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// True when the blob was last written by Copy Blob or Copy Blob From URL rather than put through the URL. Storage
    /// keeps x-ms-copy-* on a copy's destination until Put Blob, Put Block List or Set Blob Properties rewrites it.
    /// </summary>
    public static bool WasCopied(BlobProperties staged) =>
        staged.CopyId is not null || staged.CopySource is not null || staged.CopyCompletedOn != default;

    /// <summary>Copies the staging blob, exactly as it was when <paramref name="etag"/> was read, to <paramref name="sealedName"/>.</summary>
    public async Task<SealOutcome> SealAsync(string staging, ETag etag, string sealedName, CancellationToken ct)
    {
        var options = new BlobCopyFromUriOptions { SourceConditions = new BlobRequestConditions { IfMatch = etag } };
        try
        {
            var copy = await container.GetBlobClient(sealedName).StartCopyFromUriAsync(Staged(staging).Uri, options, ct);
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

    /// <summary>The MD5 and SHA-256 of a sealed blob's bytes, read once as a stream.</summary>
    public async Task<(byte[] Md5, byte[] Sha256)> ComputeHashesAsync(string blobName, CancellationToken ct)
    {
        var download = await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: ct);
        await using var content = download.Value.Content;
        using var hashing = new HashingLimitStream(content, long.MaxValue - 1);
        await hashing.CopyToAsync(Stream.Null, 1024 * 1024, ct);
        return (hashing.Md5(), hashing.Sha256());
    }

    /// <summary>The committed length and the blocks put but not yet committed (what a resuming client need not send again).</summary>
    public async Task<(long Committed, IReadOnlyList<StagedBlock> Staged)> BlocksAsync(string staging, CancellationToken ct)
    {
        try
        {
            var list = (await Staged(staging).GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;
            return (list.BlobContentLength, list.UncommittedBlocks.Select(b => new StagedBlock(b.Name, b.SizeLong)).ToList());
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return (0, []);
        }
    }

    /// <summary>
    /// Deletes what an upload staged: its container (blobs, uncommitted blocks and leases go with it), or for an
    /// older upload its blob with its uncommitted blocks, breaking a lease the client took through its SAS.
    /// </summary>
    public async Task DiscardAsync(string staging, CancellationToken ct)
    {
        try
        {
            await blobs.DiscardAsync(staging, ct);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.LeaseIdMissing)
        {
            await Staged(staging).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: ct);
            await blobs.DiscardAsync(staging, ct);
        }
    }

    /// <summary>As <see cref="DiscardAsync"/>, but never throws: what is left behind is only garbage, which TempCleanup sweeps.</summary>
    public async Task TryDiscardAsync(string staging)
    {
        try
        {
            await DiscardAsync(staging, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not delete upload blob {Blob}; TempCleanup will sweep it", staging);
        }
    }

    private BlockBlobClient Staged(string staging) => BlobNames.IsStaging(staging)
        ? blobs.Staging(staging).GetBlockBlobClient(BlobNames.StagedBlob)
        : container.GetBlockBlobClient(staging);
}
