using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class GetFsEntity(EntryStore entries) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/fs-watching-service/get-fs-entity", Access.Verified)
    {
        RequestBody = typeof(EntityLookupRequest), ResponseBody = typeof(EntityResponse), Summary = "One file or folder.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<EntityLookupRequest>(ct)).IsValid(out var body, out var error))
            return error;
        if (!DriveTarget.TryParse(body.FileField, body.AbsPathToFsEntity, out var target, out error))
            return error;
        if (target.IsRoot)
            return body.FsEntityBaseType == EntryKinds.Folder
                ? Api.Ok(new EntityResponse(EntityView.Root(DateTime.UnixEpoch)))
                : Api.NotFound("The root is a folder, not a file.");

        var entry = await entries.FindReadyAsync(request.CurrentUser().Id, target.Field, target.Path, ct);
        return entry is not null && entry.Kind == body.FsEntityBaseType
            ? Api.Ok(new EntityResponse(EntityView.From(entry)))
            : Api.NotFound($"There is no {body.FsEntityBaseType} '{target.Path}' in {target.Field}.");
    }
}
