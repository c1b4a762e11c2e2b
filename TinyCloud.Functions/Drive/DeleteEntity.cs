using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed record DeleteResponse(int DeletedEntries, long FreedBytes) : Success;

public sealed class DeleteEntity(EntryStore entries, EntryRemover remover) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/fs-service/delete-entity", Access.Verified)
    {
        RequestBody = typeof(EntityRequest), ResponseBody = typeof(DeleteResponse),
        Summary = "Delete a file, or a folder with everything inside it; frees the quota they used.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<EntityRequest>(ct)).IsValid(out var body, out var error))
            return error;
        var (entry, notFound) = await entries.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct);
        if (entry is null)
            return notFound!;
        // Once started, finish even if the client goes away: a half-deleted folder helps nobody.
        var removal = await remover.RemoveAsync(entry, CancellationToken.None);
        return Api.Ok(new DeleteResponse(removal.Entries, removal.FreedBytes));
    }
}
