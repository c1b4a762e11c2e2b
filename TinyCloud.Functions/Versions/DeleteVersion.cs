using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Versions;

namespace TinyCloud.Functions.Versions;

/// <summary>Deletes one earlier content of a file for good, freeing its bytes.</summary>
public sealed class DeleteVersion(DriveTree tree, FileVersions versions)
{
    [Function(nameof(DeleteVersion)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<VersionRequest>]
    [Description("Delete one version of a file for good; answers the bytes freed.")]
    public async Task<Reply<DeleteVersionResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/delete-version")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<VersionRequest>();
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var file, out var notFound))
            return notFound;
        return await versions.DeleteAsync(user.Id, file.Entry.Id, body.Id, ct) is { } freed
            ? new DeleteVersionResponse(freed)
            : Api.NotFound($"'{file.Path}' has no version {body.VersionId} (see list-versions).");
    }
}
