using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Sharing;

public sealed class RemindHashedLink(DriveTree tree, ShareStore shares)
{
    [Function(nameof(RemindHashedLink)), TokenScope(TokenScopes.SharesWrite), Allow(Access.Verified), JsonBody<EntityRequest>, Original<LinkResponse>]
    [Description("The public link of a shared entity.")]
    public async Task<Reply<LinkResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shared-service/remind-hashed-link")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var found, out var notFound))
            return notFound;
        var entry = found.Entry;
        var share = await shares.FindByEntryAsync(user.Id, entry.Id, ct);
        return share is null
            ? Api.NotFound($"'{found.Path}' is not shared.")
            : new LinkResponse(share.HashedLink);
    }
}
