using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace TinyCloud.Shared.Drive;

public sealed record WrittenBlob(long Size, string Md5Hex, byte[] Md5, bool Exceeded);

/// <summary>The bytes of users' files in the one blob container.</summary>
public sealed class BlobFiles(BlobContainerClient container)
{
    // Blocks of 4 MiB, two in flight: an upload holds about 8 MiB of buffers, whatever the file's size.
    private static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 2,
    };

    public BlobContainerClient Container => container;

    public static string NewBlobName(long userId) => $"{userId}/{Guid.NewGuid():N}";

    /// <summary>Streams <paramref name="source"/> into a new blob; stops, and reports Exceeded, past <paramref name="limit"/> bytes.</summary>
    public async Task<WrittenBlob> WriteAsync(string blobName, Stream source, long limit, CancellationToken ct)
    {
        using var counted = new HashingLimitStream(source, limit);
        await container.GetBlockBlobClient(blobName).UploadAsync(counted, new BlobUploadOptions { TransferOptions = Transfer }, ct);
        var md5 = counted.Md5();
        return new WrittenBlob(counted.BytesRead, Convert.ToHexStringLower(md5), md5, counted.Exceeded);
    }

    public Task SetHeadersAsync(string blobName, string contentType, byte[] md5, CancellationToken ct) =>
        container.GetBlobClient(blobName).SetHttpHeadersAsync(
            new BlobHttpHeaders { ContentType = contentType, ContentHash = md5 }, cancellationToken: ct);

    public Task DeleteAsync(string blobName, CancellationToken ct) =>
        container.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);

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

    /// <summary>A SAS URL that may create and write this one new blob (blocks, block list, or a single put) and nothing else.</summary>
    public Uri WriteSas(string blobName, TimeSpan lifetime, DateTimeOffset now)
    {
        var sas = Sas(blobName, lifetime, now);
        sas.SetPermissions(BlobSasPermissions.Create | BlobSasPermissions.Write);
        return container.GetBlobClient(blobName).GenerateSasUri(sas);
    }

    private BlobSasBuilder Sas(string blobName, TimeSpan lifetime, DateTimeOffset now) => new()
    {
        BlobContainerName = container.Name,
        BlobName = blobName,
        Resource = "b",
        // A little slack before now absorbs clock skew between this worker and storage.
        StartsOn = now.AddMinutes(-2),
        ExpiresOn = now + lifetime,
        Protocol = container.Uri.Scheme == "https" ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
    };
}
