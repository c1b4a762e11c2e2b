using MongoDB.Bson;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class CreateFolder(EntryStore entries, TimeProvider clock) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/fs-service/create-folder", Access.Verified)
    {
        RequestBody = typeof(EntityRequest), ResponseBody = typeof(EntityResponse), Summary = "Create a folder.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<EntityRequest>(ct)).IsValid(out var body, out var error))
            return error;
        if (!DriveTarget.TryParse(body.FsEntity, body.FileField, out var target, out error))
            return error;
        if (target.IsRoot)
            return Api.Conflict("The root folder always exists.");

        var user = request.CurrentUser();
        if (!await entries.FolderExistsAsync(user.Id, target.Field, target.Parent, ct))
            return Api.NotFound($"The parent folder '{target.Parent}' does not exist in {target.Field}.");

        var now = clock.GetUtcNow().UtcDateTime;
        var folder = new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = user.Id, Field = target.Field, Path = target.Path,
            Parent = target.Parent, Name = target.Name, Kind = EntryKinds.Folder, CreatedAt = now, ModifiedAt = now,
        };
        return await entries.TryInsertAsync(folder, ct)
            ? Api.Ok(new EntityResponse(EntityView.From(folder)))
            : Api.Conflict($"'{target.Path}' already exists in {target.Field}.");
    }
}
