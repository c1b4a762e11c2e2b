using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class ListAccessTokens(AccessTokens tokens)
{
    [Function(nameof(ListAccessTokens)), Allow(Access.Verified)]
    [Description("The caller's personal access tokens: name, scopes, created, last used (to the minute), expires; never their secrets.")]
    public async Task<Reply<ListAccessTokensResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/user-service/list-access-tokens")] HttpRequest request,
        CancellationToken ct) =>
        new ListAccessTokensResponse((await tokens.ListAsync(request.CurrentUser().Id, ct)).Select(AccessTokenView.From).ToList());
}
