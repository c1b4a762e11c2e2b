using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// A public link's content. A file is a redirect to a short-lived read-only SAS URL for its one blob, so Blob Storage
/// serves the bytes, ranges and resumption; a folder is a zip streamed from here. Each request counts one download. A
/// protected link needs its grant; an upload-only link serves nothing.
/// </summary>
public sealed class SharedFile(
    ShareResolver resolver, LinkAccess access, ShareStore shares, FolderWalk walk, BlobFiles blobs, IOptions<SharesOptions> options,
    IOptions<DriveOptions> drive, TimeProvider clock, ActivityRecorder activity, ILogger<SharedFile> logger)
{
    [Function(nameof(SharedFile))]
    [Description("Download through a public link: a file redirects (302) to a short-lived read-only URL, a folder is a zip.")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "shared/{user_name}/{hashed_link}/file")] HttpRequest request,
        CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return PublicLink.NotFound();
        if (access.Refusal(request, link) is { } refused)
            return refused;
        var (share, entry) = (link.Share, link.Target.Entry);
        var now = clock.GetUtcNow().UtcDateTime;
        if (entry.IsFolder)
        {
            // Size check first: a folder too large to zip has not been downloaded.
            var zip = await DownloadFolder.Zip(walk, blobs, drive.Value, link.Target, ct);
            if (zip is not FolderZipResult)
                return zip;
            if (!await shares.TryCountDownloadAsync(share, now, ct))
                return PublicLink.NotFound();
            await activity.LinkAsync(request, link, ActivityKinds.LinkDownloaded, ct);
            return zip;
        }
        if (entry.Blob is null || !await shares.TryCountDownloadAsync(share, now, ct))
            return PublicLink.NotFound();

        var sas = blobs.ReadSas(entry.Blob, options.Value.SasLifetime, entry.MimeType ?? ContentTypes.Fallback, entry.Name, clock.GetUtcNow());
        logger.LogInformation("Share {ShareId} handed out a read URL for entry {EntryId} valid {Minutes} min",
            share.Id, entry.Id, options.Value.SasLifetimeMinutes);
        // The redirect is the download handed out: Blob Storage serves the bytes from here on.
        await activity.LinkAsync(request, link, ActivityKinds.LinkDownloaded, ct);
        return TypedResults.Redirect(sas.AbsoluteUri);
    }

    /// <summary>The original API's <c>/share/...</c> path, kept for old links.</summary>
    [Function("SharedFileLegacy")]
    [Description("Same as GET /shared/{user_name}/{hashed_link}/file.")]
    public Task<IResult> RunLegacy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "share/{user_name}/{hashed_link}/file")] HttpRequest request,
        CancellationToken ct) => Run(request, ct);
}
