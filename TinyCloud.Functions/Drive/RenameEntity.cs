using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class RenameEntity(EntryStore entries, TimeProvider clock) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/fs-service/rename-entity", Access.Verified)
    {
        RequestBody = typeof(RenameRequest), ResponseBody = typeof(EntityResponse),
        Summary = "Rename a file or folder in place (no bytes are copied).",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<RenameRequest>(ct)).IsValid(out var body, out var error))
            return error;
        var newName = body.NewName.Normalize(System.Text.NormalizationForm.FormC);
        if (DrivePath.CheckName(newName) is { } rule)
            return Api.BadRequest($"new_name: {rule}");
        var (entry, notFound) = await entries.FindAsync(request.CurrentUser(), body.FsEntity, body.FileField, ct);
        if (entry is null)
            return notFound!;

        var newPath = DrivePath.Combine(entry.Parent, newName);
        if (newPath == entry.Path)
            return Api.Ok(new EntityResponse(EntityView.From(entry)));
        if (!await entries.TryMoveAsync(entry, entry.Field, newPath, clock.GetUtcNow().UtcDateTime, ct))
            return Api.Conflict($"'{newPath}' already exists in {entry.Field}.");
        var moved = await entries.FindByIdAsync(entry.Id, ct);
        return Api.Ok(new EntityResponse(EntityView.From(moved!)));
    }
}
