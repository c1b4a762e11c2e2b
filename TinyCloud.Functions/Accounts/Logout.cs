using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Accounts;

public sealed class Logout(Sessions sessions)
{
    [Function(nameof(Logout))]
    [Description("Expire the a-token cookie.")]
    public Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/logout")] HttpRequest request,
        CancellationToken ct)
    {
        sessions.ExpireCookie(request.HttpContext.Response);
        return Task.FromResult<Reply<Done>>(new Done());
    }
}
