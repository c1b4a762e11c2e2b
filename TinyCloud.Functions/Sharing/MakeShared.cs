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

public sealed class MakeShared(EntryStore entries, DriveTree tree, ShareStore shares, TimeProvider clock, ActivityRecorder activity, ILogger<MakeShared> logger)
{
    [Function(nameof(MakeShared)), TokenScope(TokenScopes.SharesWrite), Allow(Access.Verified), JsonBody<ShareRequest>, Original<LinkResponse>]
    [WritesUnique(ShareStore.CollectionName)]
    [Description("Share a file or folder through a public link, optionally expiring, limited to max_downloads or protected " +
        "by a password; upload_only makes a folder's link a file request (max_file_bytes, max_files).")]
    public async Task<Reply<LinkResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/shared-service/make-shared")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<ShareRequest>();
        if (DriveTarget.TryParse(body.FsEntity, body.FileField, out var target, out _) && target.IsRoot)
            return Api.BadRequest("The root folder of a field cannot be shared; share a folder inside it.");
        var user = request.CurrentUser();
        if (!(await tree.FindAsync(user, body.FsEntity, body.FileField, ct)).Found(out var found, out var notFound))
            return notFound;
        var entry = found.Entry;

        var now = clock.GetUtcNow().UtcDateTime;
        var share = ShareDocument.New(user.Id, entry.Id, now, body.ExpiresInHours is { } hours ? now.AddHours(hours) : null,
            body.MaxDownloads);
        (share.UploadOnly, share.MaxFileBytes, share.MaxFiles) = (body.UploadOnly, body.MaxFileBytes, body.MaxFiles);
        if (body.Password is { } password)
            share.PasswordHash = await Task.Run(() => PasswordHasher.Hash(password), ct);
        if (!await shares.TryInsertAsync(share, ct))
            return Api.Conflict($"'{found.Path}' is already shared: remind-hashed-link gives its link, make-unshared ends it.");
        await entries.SetSharedAsync(entry.UserId, entry.Id, true, ct);
        logger.LogInformation("User {UserId} shared entry {EntryId} as share {ShareId}", user.Id, entry.Id, share.Id);
        await activity.RecordAsync(request, user.Id, ActivityKinds.ShareCreated, ct, ActivityRecorder.Where(found), share.HashedLink,
            share.UploadOnly ? "upload-only" : null);
        return new LinkResponse(share.HashedLink);
    }
}
