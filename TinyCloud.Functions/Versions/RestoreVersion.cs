using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Versions;

namespace TinyCloud.Functions.Versions;

/// <summary>Makes an earlier content current again, in one update of the file; the present content becomes a version.</summary>
public sealed class RestoreVersion(DriveTree tree, FileVersions versions, ActivityRecorder activity)
{
    [Function(nameof(RestoreVersion)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<VersionRequest>]
    [Description("Make a version the file's content again (the present content becomes a version); if_match makes it conditional (412).")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/restore-version")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<VersionRequest>();
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var file, out var notFound))
            return notFound;
        var restored = await versions.RestoreAsync(user.Id, file.Entry.Id, body.Id, body.IfMatch, ct);
        if (restored.File is { } now)
            await activity.ReplacedAsync(request, file with { Entry = now }, ct, detail: $"version {body.VersionId} restored");
        return restored.Problem switch
        {
            VersionProblem.None => new EntityResponse(EntityView.From(restored.File!, file.Path)),
            VersionProblem.NoSuchVersion => Api.NotFound($"'{file.Path}' has no version {body.VersionId} (see list-versions)."),
            VersionProblem.PreconditionFailed => Api.Error(StatusCodes.Status412PreconditionFailed,
                $"'{file.Path}' was changed meanwhile: its version_id is no longer {body.IfMatch}."),
            VersionProblem.Busy => Api.Conflict($"'{file.Path}' kept changing; try again."),
            _ => Api.NotFound($"'{file.Path}' was deleted meanwhile."),
        };
    }
}
