using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

public sealed class GetFsLayer(EntryStore entries) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/fs-watching-service/get-fs-layer", Access.Verified)
    {
        RequestBody = typeof(LayerRequest), ResponseBody = typeof(LayerResponse),
        Summary = "List a folder: folders first, then by name.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<LayerRequest>(ct)).IsValid(out var body, out var error))
            return error;
        if (!DriveTarget.TryParse(body.FileField, body.AbsPathToLayer, out var target, out error))
            return error;

        var user = request.CurrentUser();
        if (!await entries.FolderExistsAsync(user.Id, target.Field, target.Path, ct))
            return Api.NotFound($"There is no folder '{target.Path}' in {target.Field}.");
        var children = await entries.ListChildrenAsync(user.Id, target.Field, target.Path, ct);
        return Api.Ok(new LayerResponse(children.Select(EntityView.From).ToList()));
    }
}
