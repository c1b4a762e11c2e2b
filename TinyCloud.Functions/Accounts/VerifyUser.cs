using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class VerifyUser(UserStore users)
{
    [Function(nameof(VerifyUser)), Allow(Access.Admin), JsonBody<VerifyUserRequest>]
    [Description("Mark a user verified (X-Admin-Key).")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin-service/verify-user")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<VerifyUserRequest>();
        return await users.SetVerifiedAsync(body.UserName, ct)
            ? new Done()
            : Api.NotFound($"No user named '{body.UserName}'.");
    }
}
