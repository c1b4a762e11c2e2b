using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

public sealed class SetLinkPassword(DriveTree tree, ShareStore shares, ActivityRecorder activity, ILogger<SetLinkPassword> logger)
{
    [Function(nameof(SetLinkPassword)), TokenScope(TokenScopes.SharesWrite), Allow(Access.Verified), JsonBody<SetLinkPasswordRequest>]
    [Description("Set, change or (with password: null) remove the password of a shared entity's link; grants of the old one stop working.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shared-service/set-link-password")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<SetLinkPasswordRequest>();
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var found, out var notFound))
            return notFound;
        var hash = body.Password is { } password ? await Task.Run(() => PasswordHasher.Hash(password), ct) : null;
        if (!await shares.SetPasswordAsync(user.Id, found.Entry.Id, hash, ct))
            return Api.Conflict($"'{found.Path}' is not shared.");
        logger.LogInformation("User {UserId} {Change} the link password of entry {EntryId}", user.Id, hash is null ? "removed" : "set",
            found.Entry.Id);
        await activity.RecordAsync(request, user.Id, ActivityKinds.ShareChanged, ct, ActivityRecorder.Where(found),
            (await shares.FindByEntryAsync(user.Id, found.Entry.Id, ct))?.HashedLink, hash is null ? "password removed" : "password set");
        return new Done();
    }
}
