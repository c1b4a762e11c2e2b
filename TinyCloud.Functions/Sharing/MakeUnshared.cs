using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

public sealed class MakeUnshared(EntryStore entries, ShareStore shares, ILogger<MakeUnshared> logger) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/shared-service/make-unshared", Access.Verified)
    {
        RequestBody = typeof(EntityRequest), Summary = "End a file's or folder's public link; it answers 404 from now on.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<EntityRequest>(ct)).IsValid(out var body, out var error))
            return error;
        var user = request.CurrentUser();
        var (entry, notFound) = await entries.FindAsync(user, body.FsEntity, body.FileField, ct);
        if (entry is null)
            return notFound!;
        if (!await shares.DeleteForEntryAsync(user.Id, entry.Id, ct))
            return Api.Conflict($"'{entry.Path}' is not shared.");
        await entries.SetSharedAsync(entry.Id, false, ct);
        logger.LogInformation("User {UserId} unshared entry {EntryId}", user.Id, entry.Id);
        return Api.Ok();
    }
}
