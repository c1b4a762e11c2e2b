using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed class GetFsLayer(EntryStore entries, DriveTree tree)
{
    [Function(nameof(GetFsLayer)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<LayerRequest>, Original<OriginalLayerResponse>]
    [Description("List a folder: folders first, then by name.")]
    public async Task<Reply<LayerResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-watching-service/get-fs-layer")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<LayerRequest>();
        if (!DriveTarget.TryParse(body.FileField, body.AbsPathToLayer, out var target, out var error))
            return error;

        var user = request.CurrentUser();
        if (!(await tree.FolderAsync(user.Id, target.Field, target.Path, ct)).Found(out var folder, out var notFound))
            return notFound;
        var children = await entries.ListChildrenAsync(user.Id, folder[^1].Id, ct);
        return new LayerResponse(children.Select(c => EntityView.From(c, DrivePath.Combine(target.Path, c.Name))).ToList());
    }
}
