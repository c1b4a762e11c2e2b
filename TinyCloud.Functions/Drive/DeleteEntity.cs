using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed record DeleteResponse(int DeletedEntries, long FreedBytes) : Success;

public sealed class DeleteEntity(DriveTree tree, EntryRemover remover, ActivityRecorder activity)
{
    [Function(nameof(DeleteEntity)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<EntityRequest>, Original<Done>]
    [Description("Delete a file, or a folder with everything inside it; frees the quota they used.")]
    public async Task<Reply<DeleteResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/delete-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        if (!(await tree.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct)).Found(out var entry, out var notFound))
            return notFound;
        // Once started, finish even if the client goes away: a half-deleted folder helps nobody.
        var outcome = await remover.RemoveAsync(entry.Entry, CancellationToken.None);
        if (outcome.IsBusy)
            return TreeBusy.Error(request);
        if (outcome.Done is not { } removed)
            return Api.NotFound($"'{entry.Path}' was deleted or moved meanwhile.");
        await activity.RecordAsync(request, entry.Entry.UserId, ActivityKinds.EntryDeleted, ct, path: ActivityRecorder.Where(entry));
        return new DeleteResponse(removed.Entries, removed.FreedBytes);
    }
}
