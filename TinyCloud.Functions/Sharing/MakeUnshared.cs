using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Sharing;

public sealed class MakeUnshared(EntryStore entries, DriveTree tree, ShareStore shares, ActivityRecorder activity, ILogger<MakeUnshared> logger)
{
    [Function(nameof(MakeUnshared)), TokenScope(TokenScopes.SharesWrite), Allow(Access.Verified), JsonBody<EntityRequest>, Original<Done>]
    [Description("End a file's or folder's public link; it answers 404 from now on.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shared-service/make-unshared")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<EntityRequest>();
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var found, out var notFound))
            return notFound;
        var entry = found.Entry;
        var link = (await shares.FindByEntryAsync(user.Id, entry.Id, ct))?.HashedLink;
        if (!await shares.DeleteForEntryAsync(user.Id, entry.Id, ct))
            return Api.Conflict($"'{found.Path}' is not shared.");
        await entries.SetSharedAsync(entry.UserId, entry.Id, false, ct);
        logger.LogInformation("User {UserId} unshared entry {EntryId}", user.Id, entry.Id);
        await activity.RecordAsync(request, user.Id, ActivityKinds.ShareRemoved, ct, ActivityRecorder.Where(found), link);
        return new Done();
    }
}
