using System.IO.Compression;
using Microsoft.Net.Http.Headers;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// A folder as a zip built while it is sent: entries are read from a cursor and each file's blob is copied
/// straight into the archive, so memory stays flat whatever the folder's size. Empty folders get directory entries.
/// </summary>
public sealed class FolderZipResult(FolderWalk walk, BlobFiles blobs, EntryDocument folder, string zipName)
    : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var response = http.Response;
        var top = zipName;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(zipName + ".zip");
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "private, no-store";
        response.ContentType = "application/zip";

        var output = new DrainableStream(response.Body);
        var buffer = new byte[64 * 1024];
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry(top + "/");
            await foreach (var (entry, path) in walk.DescendantsAsync(folder.UserId, folder.Id, visibleOnly: true, ct))
            {
                var name = top + "/" + path;
                if (entry.IsFolder)
                {
                    zip.CreateEntry(name + "/");
                    continue;
                }
                var zipEntry = zip.CreateEntry(name, CompressionLevel.Fastest);
                zipEntry.LastWriteTime = entry.ModifiedAt;
                using var target = zipEntry.Open();
                if (entry.SizeBytes == 0)
                    continue;
                await using var source = await blobs.OpenReadAsync(entry.Blob!, default, ct);
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    target.Write(buffer, 0, read);
                    await output.DrainAsync(ct);
                }
            }
        }
        await output.DrainAsync(ct);
    }
}
