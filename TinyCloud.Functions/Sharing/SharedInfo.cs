using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

public sealed class SharedInfo(ShareResolver resolver, FolderWalk walk, LinkAccess access, ActivityRecorder activity)
{
    [Function(nameof(SharedInfo))]
    [Description("What a public link leads to: name, type, size, expiry; only password_required until a protected link is " +
        "unlocked; for an upload-only link its limits and the files it still takes.")]
    public async Task<Reply<SharedInfoResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "shared/{user_name}/{hashed_link}")] HttpRequest request,
        CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return PublicLink.NotFound();
        if (LinkAccess.PasswordInUrl(request) is { } inUrl)
            return inUrl;
        if (!access.IsUnlocked(request, link.Share))
            return SharedInfoResponse.Locked();
        await activity.LinkAsync(request, link, ActivityKinds.LinkOpened, ct);
        if (link.Share.UploadOnly)
            return SharedInfoResponse.ForUploads(link);
        var entry = link.Target.Entry;
        var size = entry.IsFolder ? await walk.ReadyBytesInsideAsync(entry.UserId, entry.Id, ct) : entry.SizeBytes;
        return SharedInfoResponse.From(link, size);
    }

    /// <summary>
    /// The original API's <c>/share/...</c> path, kept for old links: by default exactly the original's
    /// <c>FsEntityInShareModel</c> (name, base_type, size_in_mb, mime_type), the full body on request.
    /// </summary>
    [Function("SharedInfoLegacy"), Original<OriginalSharedEntity>]
    [Description("Same as GET /shared/{user_name}/{hashed_link}; by default with the original API's keys only.")]
    public Task<Reply<SharedInfoResponse>> RunLegacy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "share/{user_name}/{hashed_link}")] HttpRequest request,
        CancellationToken ct) => Run(request, ct);
}
