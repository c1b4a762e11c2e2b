using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class RevokeSessions(UserStore users, SessionStore store, Sessions sessions)
{
    [Function(nameof(RevokeSessions)), Allow(Access.User)]
    [Description("Log out everywhere: every token issued so far stops working.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/revoke-sessions")] HttpRequest request,
        CancellationToken ct)
    {
        var raised = await users.RaiseJwtEpochAsync(request.CurrentUser().Id, ct);
        await store.RevokeAllAsync(request.CurrentUser().Id, ct, raised?.JwtEpoch);
        sessions.ExpireCookie(request.HttpContext.Response);
        return new Done();
    }
}
