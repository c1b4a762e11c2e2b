using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class RevokeSessions(UserStore users, Sessions sessions) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/user-service/revoke-sessions", Access.User)
    {
        ResponseBody = typeof(Done), Summary = "Log out everywhere: every token issued so far stops working.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        await users.RaiseJwtEpochAsync(request.CurrentUser().Id, ct);
        sessions.ExpireCookie(request.HttpContext.Response);
        return Api.Ok();
    }
}
