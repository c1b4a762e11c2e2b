using MongoDB.Bson;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

public sealed class MakeShared(EntryStore entries, ShareStore shares, TimeProvider clock, ILogger<MakeShared> logger) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/shared-service/make-shared", Access.Verified)
    {
        RequestBody = typeof(ShareRequest), ResponseBody = typeof(LinkResponse),
        Summary = "Share a file or folder through a public link, optionally expiring or limited to max_downloads.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<ShareRequest>(ct)).IsValid(out var body, out var error))
            return error;
        if (DriveTarget.TryParse(body.FsEntity, body.FileField, out var target, out _) && target.IsRoot)
            return Api.BadRequest("The root folder of a field cannot be shared; share a folder inside it.");
        var user = request.CurrentUser();
        var (entry, notFound) = await entries.FindAsync(user, body.FsEntity, body.FileField, ct);
        if (entry is null)
            return notFound!;

        var now = clock.GetUtcNow().UtcDateTime;
        var share = new ShareDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = user.Id, HashedLink = HashedLinks.New(), EntryId = entry.Id,
            Field = entry.Field, CreatedAt = now, ExpiresAt = body.ExpiresInHours is { } hours ? now.AddHours(hours) : null,
            MaxDownloads = body.MaxDownloads,
        };
        if (!await shares.TryInsertAsync(share, ct))
            return Api.Conflict($"'{entry.Path}' is already shared: remind-hashed-link gives its link, make-unshared ends it.");
        await entries.SetSharedAsync(entry.Id, true, ct);
        logger.LogInformation("User {UserId} shared entry {EntryId} as share {ShareId}", user.Id, entry.Id, share.Id);
        return Api.Ok(new LinkResponse(share.HashedLink));
    }
}
