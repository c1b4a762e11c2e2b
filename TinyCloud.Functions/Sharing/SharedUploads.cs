using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>The direct uploads an upload-only link began, found by the upload ids it signed.</summary>
public sealed class SharedUploads(ShareResolver resolver, LinkAccess access, LinkGrants grants, EntryStore entries)
{
    public static ErrorResult NotFound() => Api.NotFound("There is no such upload: it was aborted, expired or never begun.");

    /// <summary>The upload, or the envelope that says why not.</summary>
    public async Task<(EntryDocument? Upload, ErrorResult? Error)> FindAsync(HttpRequest request, string uploadId, CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return (null, PublicLink.NotFound());
        if (access.Refusal(request, link, upload: true) is { } refused)
            return (null, refused);
        return grants.ReadUploadId(uploadId, link.Share) is { } id
            && await entries.FindByIdAsync(id, ct) is { DirectUpload: true } upload && upload.UserId == link.Share.UserId
            ? (upload, null)
            : (null, NotFound());
    }
}
