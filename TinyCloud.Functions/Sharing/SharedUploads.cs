using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Sharing;

/// <summary>A direct upload an upload-only link began, found by the upload id it signed, with the link it came through.</summary>
public sealed record SharedUpload(EntryDocument Upload, SharedEntry Link);

/// <summary>The direct uploads an upload-only link began, found by the upload ids it signed.</summary>
public sealed class SharedUploads(ShareResolver resolver, LinkAccess access, LinkGrants grants, FileUploads uploads)
{
    /// <summary>The upload, or the envelope that says why not.</summary>
    public async Task<Lookup<SharedUpload>> FindAsync(HttpRequest request, string uploadId, CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return PublicLink.NotFound();
        if (access.Refusal(request, link, upload: true) is { } refused)
            return refused;
        return await uploads.FindDirectAsync(link.Share.UserId, grants.ReadUploadId(uploadId, link.Share), ct) is { } upload
            ? Lookup<SharedUpload>.Of(new SharedUpload(upload, link))
            : DirectUploadReplies.NotFound();
    }
}
