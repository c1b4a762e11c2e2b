using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

public sealed class RemindHashedLink(EntryStore entries, ShareStore shares) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/shared-service/remind-hashed-link", Access.Verified)
    {
        RequestBody = typeof(EntityRequest), ResponseBody = typeof(LinkResponse), Summary = "The public link of a shared entity.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<EntityRequest>(ct)).IsValid(out var body, out var error))
            return error;
        var user = request.CurrentUser();
        var (entry, notFound) = await entries.FindAsync(user, body.FsEntity, body.FileField, ct);
        if (entry is null)
            return notFound!;
        var share = await shares.FindByEntryAsync(user.Id, entry.Id, ct);
        return share is null
            ? Api.NotFound($"'{entry.Path}' is not shared.")
            : Api.Ok(new LinkResponse(share.HashedLink));
    }
}
