using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Versions;

public sealed class ListVersions(DriveTree tree)
{
    [Function(nameof(ListVersions)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<EntityRequest>]
    [Description("A file's earlier contents (kept by replaces and restores), newest first, with its current version_id.")]
    public async Task<Reply<ListVersionsResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/list-versions")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        if (body.FsEntity.BaseType != EntryKinds.File)
            return Api.BadRequest("Only files have versions.");
        if (!(await tree.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct)).Found(out var file, out var notFound))
            return notFound;
        var versions = (file.Entry.Versions ?? []).AsEnumerable().Reverse().Select(VersionView.From).ToList();
        return new ListVersionsResponse(EntityView.From(file), versions, file.Entry.VersionBytes);
    }
}
