using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Sharing;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class GetCurrentUser(SharedLinks links)
{
    [Function(nameof(GetCurrentUser)), TokenScope(TokenScopes.FilesRead), Allow(Access.User), Original<OriginalUserResponse>]
    [Description("The logged-in user, quota figures and shared links.")]
    public async Task<Reply<UserResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/user-service/get-current-user")] HttpRequest request,
        CancellationToken ct)
    {
        var user = request.CurrentUser();
        return new UserResponse(UserView.From(user, await links.ForUserAsync(user.Id, ct)));
    }
}
