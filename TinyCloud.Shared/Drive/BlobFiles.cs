using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace TinyCloud.Shared.Drive;

public sealed record WrittenBlob(long Size, string Md5Hex, byte[] Md5, bool Exceeded, byte[] Sha256);

/// <summary>The bytes of users' files in the one blob container.</summary>
public sealed class BlobFiles(BlobContainerClient container, BlobNames names)
{
    // Blocks of 4 MiB, two in flight: an upload holds about 8 MiB of buffers, whatever the file's size.
    private static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 2,
    };

    public BlobContainerClient Container => container;

    /// <summary>A new blob name for a user's file; it does not show the user id (see <see cref="BlobNames"/>).</summary>
    public string NewBlobName(long userId) => names.NewFile(userId);

    public string UserPrefix(long userId) => names.UserPrefix(userId);

    /// <summary>Streams <paramref name="source"/> into a new blob; stops, and reports Exceeded, past <paramref name="limit"/> bytes.</summary>
    public async Task<WrittenBlob> WriteAsync(string blobName, Stream source, long limit, CancellationToken ct)
    {
        using var counted = new HashingLimitStream(source, limit);
        await container.GetBlockBlobClient(blobName).UploadAsync(counted, new BlobUploadOptions { TransferOptions = Transfer }, ct);
        var md5 = counted.Md5();
        return new WrittenBlob(counted.BytesRead, Convert.ToHexStringLower(md5), md5, counted.Exceeded, counted.Sha256());
    }

    /// <summary>The blob metadata key holding the bytes' SHA-256 (hex): Blob Storage answers it on a SAS download as <c>x-ms-meta-sha256</c>.</summary>
    public const string Sha256Metadata = "sha256";

    /// <summary>Sets the content type and Content-MD5 a download gets, and the SHA-256 as metadata.</summary>
    public async Task SetHeadersAsync(string blobName, string contentType, byte[] md5, byte[] sha256, CancellationToken ct)
    {
        var blob = container.GetBlobClient(blobName);
        await blob.SetHttpHeadersAsync(new BlobHttpHeaders { ContentType = contentType, ContentHash = md5 }, cancellationToken: ct);
        await SetSha256Async(blobName, Convert.ToHexStringLower(sha256), ct);
    }

    /// <summary>Sets the SHA-256 (lower-case hex) a download through a link's redirect reads as <c>x-ms-meta-sha256</c>.</summary>
    public Task SetSha256Async(string blobName, string sha256Hex, CancellationToken ct) =>
        container.GetBlobClient(blobName).SetMetadataAsync(new Dictionary<string, string> { [Sha256Metadata] = sha256Hex }, cancellationToken: ct);

    /// <summary>Deletes a committed blob with its snapshots, or a direct upload's staging container; true if there was one.</summary>
    public async Task<bool> DeleteAsync(string blobName, CancellationToken ct) => BlobNames.IsStaging(blobName)
        ? await Staging(blobName).DeleteIfExistsAsync(cancellationToken: ct)
        : await container.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);

    /// <summary>
    /// As <see cref="DeleteAsync"/>, and uncommitted blocks go too. Delete Blob does not reach a name that has only
    /// uncommitted blocks (storage would keep them for a week), so such a name is first made a committed, empty blob:
    /// only for names nobody is still writing to (committing drops the blocks a writer has put).
    /// </summary>
    public async Task<bool> DiscardAsync(string blobName, CancellationToken ct) => BlobNames.IsStaging(blobName)
        ? await Staging(blobName).DeleteIfExistsAsync(cancellationToken: ct)
        : await DropAsync(container.GetBlockBlobClient(blobName), ct);

    public BlobContainerClient Staging(string stagingName) => container.GetParentBlobServiceClient().GetBlobContainerClient(stagingName);

    /// <summary>Deletes a block blob, committed or not; see <see cref="DiscardAsync"/>.</summary>
    public static async Task<bool> DropAsync(BlockBlobClient blob, CancellationToken ct)
    {
        if (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct))
            return true;
        try
        {
            await blob.CommitBlockListAsync([], cancellationToken: ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false; // a page or append blob appeared meanwhile: not ours to drop blocks from
        }
        return await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
    }

    /// <summary>The bytes of a blob (or a range of them) as a stream read from storage as it is consumed.</summary>
    public async Task<Stream> OpenReadAsync(string blobName, HttpRange range, CancellationToken ct)
    {
        var response = await container.GetBlobClient(blobName)
            .DownloadStreamingAsync(new BlobDownloadOptions { Range = range }, ct);
        return response.Value.Content;
    }

    public static bool IsNotFound(RequestFailedException ex) => ex.Status == 404;

    /// <summary>
    /// A read-only SAS URL for one blob, valid for <paramref name="lifetime"/>, that makes Blob Storage answer with
    /// the file's content type and an attachment Content-Disposition (RFC 6266, UTF-8 file name).
    /// </summary>
    public Uri ReadSas(string blobName, TimeSpan lifetime, string contentType, string fileName, DateTimeOffset now)
    {
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        var sas = Sas(blobName, lifetime, now);
        sas.SetPermissions(BlobSasPermissions.Read);
        sas.ContentType = contentType;
        sas.ContentDisposition = disposition.ToString();
        return container.GetBlobClient(blobName).GenerateSasUri(sas);
    }

    private BlobSasBuilder Sas(string blobName, TimeSpan lifetime, DateTimeOffset now) => Sas(container, blobName, lifetime, now);

    /// <summary>A SAS for one blob of <paramref name="owner"/>, from now (less some slack) for <paramref name="lifetime"/>.</summary>
    public static BlobSasBuilder Sas(BlobContainerClient owner, string blobName, TimeSpan lifetime, DateTimeOffset now) => new()
    {
        BlobContainerName = owner.Name,
        BlobName = blobName,
        Resource = "b",
        // A little slack before now absorbs clock skew between this worker and storage.
        StartsOn = now.AddMinutes(-2),
        ExpiresOn = now + lifetime,
        Protocol = owner.Uri.Scheme == "https" ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
    };
}
