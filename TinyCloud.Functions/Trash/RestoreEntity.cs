using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using MongoDB.Bson;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Trash;

public sealed class RestoreEntity(TrashBin trash, ActivityRecorder activity)
{
    [Function(nameof(RestoreEntity)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<RestoreRequest>]
    [WritesUnique(EntryStore.CollectionName)]
    [Description("Put a trashed entry back into the folder it was deleted from (wherever that folder is now), as new_name if given. Its old links stay dead.")]
    public async Task<Reply<RestoredResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/trash-service/restore-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<RestoreRequest>();
        if (body.NewName is not null && DrivePath.CheckNewName(body.NewName) is { } rule)
            return Api.BadRequest($"new_name: {rule}");
        var newName = body.NewName?.Normalize(System.Text.NormalizationForm.FormC);
        var outcome = await trash.RestoreAsync(request.CurrentUser().Id, ObjectId.Parse(body.Id), newName, CancellationToken.None);
        if (outcome.Restored is { } back)
            await activity.RecordAsync(request, request.CurrentUser().Id, ActivityKinds.EntryRestored, ct, path: ActivityRecorder.Where(back));
        return outcome switch
        {
            { Restored: { } restored } => new RestoredResponse(EntityView.From(restored), restored.Field),
            { Problem: RestoreProblem.NameTaken } => Api.Conflict(
                $"'{outcome.Place}' already exists: restore it under another name (new_name), or move that one away first."),
            { Problem: RestoreProblem.ParentInTrash } => Api.Conflict(
                $"The folder it was in ('{outcome.Place}') is in the trash: restore that folder first."),
            { Problem: RestoreProblem.ParentGone } => Api.Conflict(
                $"The folder it was in ('{outcome.Place}') no longer exists: create it again, then restore."),
            { Problem: RestoreProblem.Busy } => TreeBusy.Error(request),
            _ => Api.NotFound("There is no such entry in your trash (it was restored or deleted for good)."),
        };
    }
}
