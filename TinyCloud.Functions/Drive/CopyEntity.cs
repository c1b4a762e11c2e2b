using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Copies;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Copies a file or a folder, within or across fields, sharing the bytes (see <see cref="EntryCopies"/>): the quota is
/// charged the copy's whole size before it appears, and it appears whole. Links are not copied.
/// </summary>
public sealed class CopyEntity(DriveTree tree, EntryCopies copies, ActivityRecorder activity)
{
    [Function(nameof(CopyEntity)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<MoveRequest>]
    [WritesUnique(EntryStore.CollectionName)]
    [Description("Copy a file or folder to new_abs_path (in new_file_field, default the same field); no bytes are copied.")]
    public async Task<Reply<CopyResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/copy-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<MoveRequest>();
        if (!DriveTarget.TryParse(body.NewFileField ?? body.FileField, body.NewAbsPath, out var destination, out var error))
            return error;
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var source, out var notFound))
            return notFound;
        if (destination.IsRoot)
            return Api.Conflict($"The root of {destination.Field} already exists.");
        if (destination.NewNameRefusal() is { } badName)
            return badName;
        if (!(await tree.FolderAsync(user.Id, destination.Field, destination.Parent, ct)).Found(out var into, out _))
            return Api.NotFound($"The destination folder '{destination.Parent}' does not exist in {destination.Field}.");
        if (into.Any(e => e.Id == source.Entry.Id))
            return Api.BadRequest("A folder cannot be copied into itself or into a folder inside it.");
        if (source.Entry.IsFolder && !await tree.FitsAtDepthAsync(source.Entry, into.Count, ct))
            return Api.BadRequest($"Copied there, '{source.Path}' would hold entries too deep: {DrivePath.DepthRule}");

        var copied = await copies.CopyAsync(source, into, destination.Name, ct);
        if (copied.Problem == CopyProblem.None)
            await activity.CopiedAsync(request, source, copied.Copy!, ct);
        return copied.Problem switch
        {
            CopyProblem.None => new CopyResponse(EntityView.From(copied.Copy!), destination.Field, copied.Entries, copied.Bytes),
            CopyProblem.OverQuota => Api.TooLarge("Not enough free space: the copy is larger than what is left of your quota."),
            CopyProblem.NameTaken => Api.Conflict($"'{destination.Path}' already exists in {destination.Field}."),
            CopyProblem.FolderGone => Api.NotFound($"The destination folder '{destination.Parent}' was deleted meanwhile."),
            CopyProblem.SourceChanged => Api.Conflict($"Part of '{source.Path}' was deleted while it was being copied; nothing was kept: try again."),
            _ => Api.Error(StatusCodes.Status503ServiceUnavailable, "The copy took too long and was given up; nothing was kept: try again."),
        };
    }
}

/// <summary>The copy as it is now, its field, how many entries it has (itself included) and the bytes charged for it.</summary>
public sealed record CopyResponse(EntityView FsEntity, string FileField, long CopiedEntries, long CopiedBytes) : Success;
