using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using MongoDB.Bson;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Trash;

public sealed class DeleteForever(TrashBin trash)
{
    [Function(nameof(DeleteForever)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<TrashIdRequest>]
    [Description("Delete one trashed entry (a folder with everything inside it) for good; frees the quota it used.")]
    public async Task<Reply<DeleteResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/trash-service/delete-forever")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<TrashIdRequest>();
        var removed = await trash.DeleteForeverAsync(request.CurrentUser().Id, ObjectId.Parse(body.Id), CancellationToken.None);
        return removed is null
            ? Api.NotFound("There is no such entry in your trash (it was restored or deleted for good).")
            : new DeleteResponse(removed.Entries, removed.FreedBytes);
    }
}
