using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Accounts;

public sealed class Logout(Sessions sessions) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/user-service/logout")
    {
        ResponseBody = typeof(Done), Summary = "Expire the a-token cookie.",
    };

    public Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        sessions.ExpireCookie(request.HttpContext.Response);
        return Task.FromResult(Api.Ok());
    }
}
