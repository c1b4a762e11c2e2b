using System.ComponentModel;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// A visitor's direct upload through an upload-only link, as begin-upload for the owner: the size is checked against
/// max_file_bytes, a file of the link's count is taken, the owner's quota reserved and a free (numbered) name
/// claimed by a pending entry that holds the file from then on, then a write-only URL handed out. The visitor is
/// never told the name (see <see cref="LinkUploadResponse"/>). The upload id works
/// only through this link.
/// </summary>
public sealed class BeginSharedUpload(
    ShareResolver resolver, LinkAccess access, LinkFileCount files, FileUploads uploads, LinkGrants grants, IOptions<SharesOptions> options)
{
    [Function(nameof(BeginSharedUpload)), JsonBody<LinkBeginUploadRequest>]
    [WritesUnique(EntryStore.CollectionName)]
    [Description("Begin a direct upload of size_bytes through an upload-only link; returns a write-only SAS URL.")]
    public async Task<Reply<LinkBeginUploadResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/begin-upload")] HttpRequest request,
        CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return PublicLink.NotFound();
        if (access.Refusal(request, link, upload: true) is { } refused)
            return refused;
        var body = request.Body<LinkBeginUploadRequest>();
        if (body.SizeBytes > link.Share.MaxFileBytes)
            return Api.TooLarge($"This link accepts files of at most {link.Share.MaxFileBytes} bytes.");

        await using var slot = await files.TryTakeAsync(link.Share, ct);
        if (slot is null)
            return LinkFileCount.Full();
        var folder = link.Chain!;
        var name = body.Name.Normalize(NormalizationForm.FormC);
        var begun = await uploads.BeginAsync(link.Share.UserId, folder, NumberedNames.ForVisitor(name), body.SizeBytes,
            ContentTypes.Choose(body.MimeType, name), slot, ct);
        if (begun.Entry is { } open && await uploads.GiveUpIfTooManyOpenAsync(open, link.Share.Id, options.Value.MaxOpenUploadsPerLink, ct))
        {
            request.HttpContext.Response.Headers.RetryAfter = "60";
            return Api.Error(StatusCodes.Status429TooManyRequests,
                $"This link has {options.Value.MaxOpenUploadsPerLink} uploads in progress already; try again when some have finished.");
        }
        return begun.Problem switch
        {
            BeginProblem.OverQuota => Api.TooLarge("The owner of this link has no room left for this file."),
            BeginProblem.NameTaken => Api.Conflict("This file name cannot be used here; rename the file and try again."),
            BeginProblem.FolderGone => PublicLink.NotFound(),
            _ => new LinkBeginUploadResponse(grants.UploadId(link.Share, begun.Entry!.Id), begun.UploadUrl!, begun.ExpiresAt),
        };
    }
}
