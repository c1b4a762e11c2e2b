using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

/// <summary>Anonymous on purpose: whatever the token's state, the cookie is always expired.</summary>
public sealed class Logout(Sessions sessions, SessionStore store)
{
    [Function(nameof(Logout))]
    [Description("Log out: ends this session (its token stops working, as cookie and as Bearer) and expires the cookie.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/logout")] HttpRequest request,
        CancellationToken ct)
    {
        if (await sessions.ClaimsAsync(request) is { } claims)
            await store.RevokeAsync(claims.UserId, claims.SessionId, ct);
        sessions.ExpireCookie(request.HttpContext.Response);
        return new Done();
    }
}
