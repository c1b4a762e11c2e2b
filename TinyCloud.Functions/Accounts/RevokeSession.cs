using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class RevokeSession(SessionStore store, Sessions sessions)
{
    [Function(nameof(RevokeSession)), Allow(Access.User), JsonBody<RevokeSessionRequest>]
    [Description("End one of the user's sessions: its token stops working at once. Ending the current one also expires the cookie.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/revoke-session")] HttpRequest request,
        CancellationToken ct)
    {
        var sessionId = request.Body<RevokeSessionRequest>().SessionId;
        if (!await store.RevokeAsync(request.CurrentUser().Id, sessionId, ct))
            return Api.NotFound("You have no session with this id.");
        if (sessionId == request.CurrentSessionId())
            sessions.ExpireCookie(request.HttpContext.Response);
        return new Done();
    }
}
