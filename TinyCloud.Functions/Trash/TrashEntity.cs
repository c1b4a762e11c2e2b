using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Trash;

/// <summary>Moves a file or a folder (everything inside it, in one step) into the trash; it stays charged until purged.</summary>
public sealed class TrashEntity(DriveTree tree, TrashBin trash, TrashListing listing, ActivityRecorder activity)
{
    [Function(nameof(TrashEntity)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified), JsonBody<EntityRequest>]
    [Description("Move a file or folder into the trash (restorable for Trash:RetentionDays; still counts against the quota). Its links stop working.")]
    public async Task<Reply<TrashedResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/trash-service/trash-entity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var found, out var notFound))
            return notFound;
        // Once started, finish even if the client goes away, as a delete does.
        var outcome = await trash.TrashAsync(found, CancellationToken.None);
        if (outcome.IsBusy)
            return TreeBusy.Error(request);
        if (outcome.Trashed is not { Trash: { } info } trashed)
            return Api.NotFound($"'{found.Path}' was deleted, renamed or moved meanwhile.");
        await activity.RecordAsync(request, user.Id, ActivityKinds.EntryDeleted, ct, path: ActivityRecorder.Where(found), detail: "moved to the trash");
        var size = trashed.IsFolder ? await listing.SizeOfAsync(user.Id, trashed.Id, ct) : trashed.ChargedBytes;
        return new TrashedResponse(TrashItemView.From(new TrashItem(trashed, info, size, listing.PurgeAt(info))));
    }
}
