using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// A visitor's upload through an upload-only link: upload-file's <see cref="FileUploads"/> (the same reservation on the
/// owner's quota, pending entry and streamed blob), into the shared folder. The link's file count is taken before
/// the upload (one conditional $inc), held by the pending entry once claimed and given back if the upload fails (see
/// <see cref="LinkSlot"/>); a name already there gets a number, never overwritten.
/// </summary>
public sealed class UploadToShared(
    ShareResolver resolver, LinkAccess access, LinkFileCount files, FileUploads uploads, IOptions<DriveOptions> options, ActivityRecorder activity)
{
    [Function(nameof(UploadToShared)), MultipartForm("file")]
    [WritesUnique(EntryStore.CollectionName)]
    [Description("Upload a file through an upload-only link: multipart/form-data with one part 'file' (its filename names it).")]
    public async Task<Reply<LinkUploadResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/upload")] HttpRequest request,
        CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return PublicLink.NotFound();
        if (access.Refusal(request, link, upload: true) is { } refused)
            return refused;
        if (MultipartBody.Boundary(request.ContentType) is not { } boundary)
            return Api.Error(StatusCodes.Status415UnsupportedMediaType, "Send multipart/form-data with one part 'file'.");
        var limit = Math.Min(options.Value.MaxUploadBytes, link.Share.MaxFileBytes ?? long.MaxValue);
        if (request.ContentLength > limit + UploadFile.MultipartOverhead)
            return TooLarge(link.Share, limit);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = limit + UploadFile.MultipartOverhead;

        await using var slot = await files.TryTakeAsync(link.Share, ct);
        if (slot is null)
            return LinkFileCount.Full();
        var folder = link.Chain!;
        var owner = link.Share.UserId;
        var wanted = Math.Min(request.ContentLength ?? limit, limit);
        await using var upload = await uploads.OpenAsync(owner, wanted, link.Owner?.FreeBytes, ct);
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition?.Name.Value != "file")
                    continue;
                var name = (disposition.FileNameStar.Value ?? disposition.FileName.Value)?.Trim('"');
                if (LinkUploadName.Check(name) is { } rule)
                    return Api.BadRequest($"The file part's filename: {rule}");
                var received = await ReceiveAsync(upload, slot, link.Share, folder, name!.Normalize(NormalizationForm.FormC), section, limit, ct);
                if (received.Body is LinkUploadResponse { } file)
                    await activity.ReceivedAsync(request, link, upload.ClaimedName, file.SizeBytes, ct);
                return received;
            }
            return Api.Invalid("file", "A 'file' part is required.");
        }
        catch (Exception ex) when (MultipartBody.Malformed(ex, request.HttpContext) is { } malformed)
        {
            return malformed;
        }
    }

    private async Task<Reply<LinkUploadResponse>> ReceiveAsync(
        StreamedUpload upload, LinkSlot slot, ShareDocument share, IReadOnlyList<EntryDocument> folder, string name,
        MultipartSection section, long limit, CancellationToken ct)
    {
        switch (await upload.ClaimAsync(folder, NumberedNames.ForVisitor(name), slot, ct))
        {
            case ClaimOutcome.NameTaken:
                return Api.Conflict("This file name cannot be used here; rename the file and try again.");
            case ClaimOutcome.FolderGone:
                return PublicLink.NotFound();
        }
        var written = await upload.WriteAsync(section.Body, ct);
        if (written.Exceeded)
            return upload.Reserved == limit
                ? TooLarge(share, limit)
                : Api.TooLarge("The owner of this link has no room left for this file.");
        var claimed = upload.ClaimedName!;
        return await upload.FinishAsync(written, ContentTypes.Choose(section.ContentType, claimed), ct) is { } done
            ? new LinkUploadResponse(written.Size)
            : PublicLink.NotFound(); // the folder went while the file arrived; nothing was kept
    }

    private static ErrorResult TooLarge(ShareDocument share, long limit) => Api.TooLarge(share.MaxFileBytes == limit
        ? $"This link accepts files of at most {limit} bytes."
        : $"Files above {limit / 1048576} MB cannot be uploaded in one request; use the link's begin-upload for a direct upload.");
}
