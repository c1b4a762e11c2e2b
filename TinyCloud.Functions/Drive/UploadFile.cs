using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Multipart upload (<c>request</c> JSON + <c>file</c>), streamed from the request into a new blob. Quota is reserved
/// before any byte is written and settles to the real size; any failure gives back the reservation and removes the
/// blob and the pending entry.
/// </summary>
public sealed class UploadFile(
    EntryStore entries, QuotaStore quota, BlobFiles blobs, PendingUploads pending, IOptions<DriveOptions> options,
    TimeProvider clock)
{
    /// <summary>Room for the multipart framing and the JSON part around the file itself.</summary>
    public const long MultipartOverhead = 64 * 1024;

    [Function(nameof(UploadFile)), Allow(Access.Verified)]
    [Description("Upload a file: multipart/form-data with 'request' ({fs_entity, file_field}) and 'file'.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/upload-file")] HttpRequest request,
        CancellationToken ct)
    {
        if (MultipartBody.Boundary(request.ContentType) is not { } boundary)
            return Api.Error(StatusCodes.Status415UnsupportedMediaType,
                "Send multipart/form-data (with a boundary of 1–70 characters) with parts 'request' and 'file'.");

        var maxUpload = options.Value.MaxUploadBytes;
        if (request.ContentLength > maxUpload + MultipartOverhead)
            return TooLarge(maxUpload);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxUpload + MultipartOverhead;

        var user = request.CurrentUser();
        var wanted = Math.Min(request.ContentLength ?? maxUpload, maxUpload);
        var upload = new Upload(user.Id, BlobFiles.NewBlobName(user.Id), await quota.ReserveUpToAsync(user.Id, wanted, ct));
        try
        {
            var result = await ReceiveAsync(request, new MultipartReader(boundary, request.Body) { BodyLengthLimit = null },
                upload, wanted, maxUpload, ct);
            upload.Succeeded = result is not null && upload.Entry?.State == EntryStates.Ready;
            return result ?? Api.Invalid("request", "Both a 'request' part and a 'file' part are required.");
        }
        catch (Exception ex) when (MultipartBody.Malformed(ex, request.HttpContext) is { } malformed)
        {
            return malformed;
        }
        finally
        {
            if (!upload.Succeeded)
                await DiscardAsync(upload);
        }
    }

    private async Task<Reply<EntityResponse>?> ReceiveAsync(
        HttpRequest request, MultipartReader reader, Upload upload, long wanted, long maxUpload, CancellationToken ct)
    {
        DriveTarget? target = null;
        string? declaredType = null;
        WrittenBlob? written = null;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            var name = section.GetContentDispositionHeader()?.Name.Value;
            if (name == "request" && target is null)
            {
                var (parsed, error) = await ReadTargetAsync(section, request, ct);
                if (parsed is null)
                    return error!;
                target = parsed;
                if (await ClaimPathAsync(upload, parsed.Value, ct) is { } clash)
                    return clash;
            }
            else if (name == "file" && written is null)
            {
                declaredType = section.ContentType;
                written = await blobs.WriteAsync(upload.BlobName, section.Body, upload.Reserved, ct);
                upload.BlobWritten = true;
                if (written.Exceeded)
                    return written.Size > maxUpload || upload.Reserved == wanted && wanted == maxUpload
                        ? TooLarge(maxUpload)
                        : Api.TooLarge("Not enough free space: the file is larger than what is left of your quota.");
            }
        }
        if (target is null || written is null)
            return null;
        // The file part may come first; then the path is claimed only now.
        if (upload.Entry is null && await ClaimPathAsync(upload, target.Value, ct) is { } late)
            return late;

        var mimeType = ContentTypes.Choose(declaredType, target.Value.Name);
        await blobs.SetHeadersAsync(upload.BlobName, mimeType, written.Md5, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await entries.MarkReadyAsync(upload.Entry!.Id, written.Size, written.Md5Hex, mimeType, now, ct))
            return Api.Conflict("The upload's folder was deleted or moved while the file was arriving.");
        await quota.SettleAsync(upload.UserId, upload.Reserved, written.Size, CancellationToken.None);
        upload.Reserved = 0;
        upload.Entry.State = EntryStates.Ready;
        var ready = await entries.FindByIdAsync(upload.Entry.Id, ct);
        return new EntityResponse(EntityView.From(ready!));
    }

    private async Task<(DriveTarget? Target, ErrorResult? Error)> ReadTargetAsync(
        MultipartSection section, HttpRequest request, CancellationToken ct)
    {
        using var json = new HashingLimitStream(section.Body, JsonBody.MaxJsonBytes);
        var (parsed, invalid) = await JsonBody.ParseAsync(json, typeof(EntityRequest), request.HttpContext, ct);
        if (parsed is not EntityRequest meta)
            return (null, invalid);
        if (meta.FsEntity.BaseType != EntryKinds.File)
            return (null, Api.Invalid("fs_entity.base_type", "Only files can be uploaded; use create-folder for folders."));
        if (!DriveTarget.TryParse(meta.FsEntity, meta.FileField, out var target, out var error))
            return (null, error);
        if (target.IsRoot)
            return (null, Api.BadRequest("A file cannot be uploaded as the root."));
        if (!await entries.FolderExistsAsync(request.CurrentUser().Id, target.Field, target.Parent, ct))
            return (null, Api.NotFound($"The parent folder '{target.Parent}' does not exist in {target.Field}."));
        return (target, null);
    }

    /// <summary>Inserts the pending entry that owns the path while bytes flow; a 409 when the path is taken.</summary>
    private async Task<ErrorResult?> ClaimPathAsync(Upload upload, DriveTarget target, CancellationToken ct)
    {
        var expiresAt = clock.GetUtcNow().UtcDateTime.AddHours(1);
        var entry = await pending.TryClaimAsync(
            new UploadClaim(upload.UserId, target.Field, target.Path, upload.BlobName, upload.Reserved, expiresAt), ct);
        if (entry is null)
            return Api.Conflict($"'{target.Path}' already exists in {target.Field}.");
        upload.Entry = entry;
        return null;
    }

    private Task DiscardAsync(Upload upload) =>
        pending.DiscardAsync(upload.UserId, upload.Entry?.Id, upload.BlobWritten ? upload.BlobName : null, upload.Reserved);

    private static ErrorResult TooLarge(long maxUpload) => Api.TooLarge(
        $"Files above {maxUpload / 1048576} MB cannot go through upload-file; use begin-upload for a direct upload.");

    private sealed class Upload(long userId, string blobName, long reserved)
    {
        public long UserId { get; } = userId;
        public string BlobName { get; } = blobName;
        public long Reserved { get; set; } = reserved;
        public EntryDocument? Entry { get; set; }
        public bool BlobWritten { get; set; }
        public bool Succeeded { get; set; }
    }
}
