using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Sharing;

public sealed class ListShared(SharedLinks links) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("GET", "/api/shared-service/list-shared", Access.Verified)
    {
        ResponseBody = typeof(ListSharedResponse),
        Summary = "Your public links with their entities, public URLs, expiry and downloads so far.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        var user = request.CurrentUser();
        var shared = await links.WithEntriesAsync(user.Id, ct);
        return Api.Ok(new ListSharedResponse(shared.Select(link => ShareView.From(user.UserName, link)).ToList()));
    }
}
