using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using MongoDB.Bson;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Trash;

public sealed class DeleteForever(TrashBin trash, ActivityRecorder activity)
{
    [Function(nameof(DeleteForever)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<TrashIdRequest>]
    [Description("Delete one trashed entry (a folder with everything inside it) for good; frees the quota it used.")]
    public async Task<Reply<DeleteResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/trash-service/delete-forever")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<TrashIdRequest>();
        var removed = await trash.DeleteForeverAsync(request.CurrentUser().Id, ObjectId.Parse(body.Id), CancellationToken.None);
        if (removed is null)
            return Api.NotFound("There is no such entry in your trash (it was restored or deleted for good).");
        await activity.RecordAsync(request, request.CurrentUser().Id, ActivityKinds.EntryDeleted, ct, detail: "deleted from the trash for good");
        return new DeleteResponse(removed.Entries, removed.FreedBytes);
    }
}
