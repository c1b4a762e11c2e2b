using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed class GetFsEntity(DriveTree tree)
{
    [Function(nameof(GetFsEntity)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<EntityLookupRequest>, Original<OriginalEntityResponse>]
    [Description("One file or folder.")]
    public async Task<Reply<EntityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-watching-service/get-fs-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityLookupRequest>();
        if (!DriveTarget.TryParse(body.FileField, body.AbsPathToFsEntity, out var target, out var error))
            return error;
        var found = await tree.ResolveAsync(request.CurrentUser().Id, target.Field, target.Path, ct);
        return found is not null && found.Entry.Kind == body.FsEntityBaseType
            ? new EntityResponse(EntityView.From(found))
            : Api.NotFound($"There is no {body.FsEntityBaseType} '{target.Path}' in {target.Field}.");
    }
}
