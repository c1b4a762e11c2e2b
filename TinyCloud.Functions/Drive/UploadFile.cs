using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Versions;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Multipart upload (<c>request</c> JSON + <c>file</c>), streamed from the request into a new blob through
/// <see cref="FileUploads"/>: any failure gives back the reservation and removes the blob and the pending entry.
/// </summary>
public sealed class UploadFile(FileUploads uploads, DriveTree tree, IOptions<DriveOptions> options, ActivityRecorder activity)
{
    /// <summary>Where an upload goes (the checked path and the chain of folders from the root to its parent) and what it asked.</summary>
    private sealed record UploadTarget(DriveTarget Target, IReadOnlyList<EntryDocument> Folder, UploadFileRequest Request);

    /// <summary>Room for the multipart framing and the JSON part around the file itself.</summary>
    public const long MultipartOverhead = 64 * 1024;

    [Function(nameof(UploadFile)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), Original<Done>]
    [WritesUnique(EntryStore.CollectionName)]
    [MultipartForm("file", typeof(UploadFileRequest))]
    [Description("Upload a file: multipart/form-data with 'request' ({fs_entity, file_field, sha256?, on_conflict?}) and 'file' "
        + "(which may carry a Repr-Digest or Content-Digest header, sha-256). The server computes the SHA-256; a mismatch is a 422.")]
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
        await using var upload = await uploads.OpenAsync(user.Id, wanted, user.FreeBytes, ct);
        try
        {
            var result = await ReceiveAsync(request, new MultipartReader(boundary, request.Body) { BodyLengthLimit = null },
                upload, wanted, maxUpload, ct);
            return result ?? Api.Invalid("request", "Both a 'request' part and a 'file' part are required.");
        }
        catch (Exception ex) when (MultipartBody.Malformed(ex, request.HttpContext) is { } malformed)
        {
            return malformed;
        }
    }

    private async Task<Reply<EntityResponse>?> ReceiveAsync(
        HttpRequest request, MultipartReader reader, StreamedUpload upload, long wanted, long maxUpload, CancellationToken ct)
    {
        UploadTarget? target = null;
        string? declaredType = null;
        WrittenBlob? written = null;
        var partDigests = new List<string>();
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            var name = section.GetContentDispositionHeader()?.Name.Value;
            if (name == "request" && target is null)
            {
                if (!(await ReadTargetAsync(section, request, ct)).Found(out var parsed, out var error))
                    return error;
                target = parsed;
                if (await ClaimAsync(upload, parsed, ct) is { } clash)
                    return clash;
            }
            else if (name == "file" && written is null)
            {
                declaredType = section.ContentType;
                foreach (var field in new[] { DigestFields.ReprDigest, DigestFields.ContentDigest })
                {
                    if (!section.Headers!.TryGetValue(field, out var value))
                        continue;
                    var (hex, bad) = DigestFields.ReadSha256(value.ToString());
                    if (bad is not null)
                        return Api.BadRequest($"The file part's {field}: {bad}");
                    if (hex is not null)
                        partDigests.Add(hex);
                }
                written = await upload.WriteAsync(section.Body, ct);
                if (written.Exceeded)
                    return written.Size > maxUpload || upload.Reserved == wanted && wanted == maxUpload
                        ? TooLarge(maxUpload)
                        : Api.TooLarge("Not enough free space: the file is larger than what is left of your quota.");
            }
        }
        if (target is null || written is null)
            return null;
        var actual = Convert.ToHexStringLower(written.Sha256);
        if (partDigests.Append(Sha256Hex.Normalize(target.Request.Sha256)).OfType<string>().FirstOrDefault(d => d != actual) is { } sent)
            return Api.Error(StatusCodes.Status422UnprocessableEntity,
                $"The file's SHA-256 is {actual}, not the {sent} that was sent with it: the bytes changed on the way. Nothing was kept; send it again.");
        // The file part may come first; then the path is claimed only now.
        if (!upload.IsClaimed && await ClaimAsync(upload, target, ct) is { } late)
            return late;
        if (upload.IsReplacing)
            return await ReplaceAsync(request, upload, written, ContentTypes.Choose(declaredType, target.Target.Name), target, ct);
        if (target.Request.IfMatch is not null)
            return Api.Error(StatusCodes.Status412PreconditionFailed,
                $"There is no file '{target.Target.Path}' in {target.Target.Field} for if_match to match; nothing was kept.");

        if (await upload.FinishAsync(written, ContentTypes.Choose(declaredType, target.Target.Name), ct) is not { } located)
            return Api.Conflict($"The folder '{target.Target.Parent}' was deleted while the file was arriving; nothing was kept.");
        await activity.UploadedAsync(request, located, ct);
        return new EntityResponse(EntityView.From(located));
    }

    private async Task<Reply<EntityResponse>> ReplaceAsync(
        HttpRequest request, StreamedUpload upload, WrittenBlob written, string mimeType, UploadTarget target, CancellationToken ct)
    {
        var (file, problem) = await upload.FinishReplacingAsync(written, mimeType, target.Request.IfMatch, ct);
        if (file is not null)
            await activity.ReplacedAsync(request, file, ct);
        return problem switch
        {
            VersionProblem.None => new EntityResponse(EntityView.From(file!)),
            VersionProblem.PreconditionFailed => Api.Error(StatusCodes.Status412PreconditionFailed,
                $"'{target.Target.Path}' was changed meanwhile: its version_id is no longer {target.Request.IfMatch}. Nothing was kept; "
                + "get it again and decide."),
            VersionProblem.Busy => Api.Conflict($"'{target.Target.Path}' kept changing while it was being replaced; nothing was kept: try again."),
            _ => Api.Conflict($"'{target.Target.Path}' was deleted or moved to the trash while the new content arrived; nothing was kept."),
        };
    }

    /// <summary>Takes the name with a pending entry (or, to replace a file, the file); a 409 when it is taken, a 404 when the folder was deleted meanwhile.</summary>
    private static async Task<ErrorResult?> ClaimAsync(StreamedUpload upload, UploadTarget to, CancellationToken ct) =>
        await (to.Request.OnConflict == Conflicts.Replace
            ? upload.ClaimOrReplaceAsync(to.Folder, to.Target.Name, ct)
            : upload.ClaimAsync(to.Folder, Conflicts.Names(to.Target.Name, to.Request.OnConflict), slot: null, ct)) switch
        {
            ClaimOutcome.NameTaken => Api.Conflict($"'{to.Target.Path}' already exists in {to.Target.Field}."),
            ClaimOutcome.FolderGone => Api.NotFound($"The folder '{to.Target.Parent}' was deleted while the upload began."),
            _ => null,
        };

    private async Task<Lookup<UploadTarget>> ReadTargetAsync(MultipartSection section, HttpRequest request, CancellationToken ct)
    {
        using var json = new HashingLimitStream(section.Body, JsonBody.MaxJsonBytes);
        if (!(await JsonBody.ParseAsync(json, typeof(UploadFileRequest), request.HttpContext, ct)).Found(out var parsed, out var invalid))
            return invalid;
        var meta = (UploadFileRequest)parsed;
        if (meta.FsEntity.BaseType != EntryKinds.File)
            return Api.Invalid("fs_entity.base_type", "Only files can be uploaded; use create-folder for folders.");
        if (!DriveTarget.TryParse(meta.FsEntity, meta.FileField, out var target, out var error))
            return error;
        if (target.IsRoot)
            return Api.BadRequest("A file cannot be uploaded as the root.");
        if (target.NewNameRefusal() is { } badName)
            return badName;
        return (await tree.FolderAsync(request.CurrentUser().Id, target.Field, target.Parent, ct, asParent: true)).Found(out var folder, out var notFound)
            ? Lookup<UploadTarget>.Of(new UploadTarget(target, folder, meta))
            : notFound;
    }

    private static ErrorResult TooLarge(long maxUpload) => Api.TooLarge(
        $"Files above {maxUpload / 1048576} MB cannot go through upload-file; use begin-upload for a direct upload.");
}
