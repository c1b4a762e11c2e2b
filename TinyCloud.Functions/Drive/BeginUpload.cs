using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Starts a direct upload: reserves size_bytes of quota, claims the path with a pending entry and hands out a SAS URL
/// that may only create and write one new blob, in a staging container made for this upload alone (deleted when it is
/// completed or aborted, which ends the URL). The bytes then go from the client straight to Blob Storage.
/// </summary>
public sealed class BeginUpload(DriveTree tree, FileUploads uploads)
{
    [Function(nameof(BeginUpload)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<BeginUploadRequest>]
    [WritesUnique(EntryStore.CollectionName)]
    [Description("Begin a direct upload of size_bytes: reserves the quota and returns a write-only SAS URL for the bytes. "
        + "An optional sha256 (hex) is checked at complete-upload; on_conflict: 'fail' (default), 'rename' or 'replace' (with if_match).")]
    public async Task<Reply<BeginUploadResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/begin-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<BeginUploadRequest>();
        if (!DriveTarget.TryParse(body.FsEntity, body.FileField, out var target, out var error))
            return error;
        if (target.IsRoot)
            return Api.BadRequest("A file cannot be uploaded as the root.");
        if (target.NewNameRefusal() is { } badName)
            return badName;
        var user = request.CurrentUser();
        if (!(await tree.FolderAsync(user.Id, target.Field, target.Parent, ct, asParent: true)).Found(out var folder, out var notFound))
            return notFound;
        var begun = await uploads.BeginAsync(user.Id, folder, Conflicts.Names(target.Name, body.OnConflict), body.SizeBytes,
            ContentTypes.Choose(body.MimeType, target.Name), slot: null, ct, Sha256Hex.Normalize(body.Sha256),
            replace: body.OnConflict == Conflicts.Replace, ifMatch: body.IfMatch);
        return begun.Problem switch
        {
            BeginProblem.OverQuota => Api.TooLarge("Not enough free space: the file is larger than what is left of your quota."),
            BeginProblem.FolderGone => Api.NotFound($"The folder '{target.Parent}' was deleted while the upload began."),
            BeginProblem.NameTaken => Api.Conflict($"'{target.Path}' already exists in {target.Field}."),
            BeginProblem.NothingToMatch => Api.Error(StatusCodes.Status412PreconditionFailed,
                $"There is no file '{target.Path}' in {target.Field} for if_match to match; nothing was reserved."),
            _ => new BeginUploadResponse(begun.Entry!.Id.ToString(), begun.UploadUrl!, begun.ExpiresAt),
        };
    }
}
