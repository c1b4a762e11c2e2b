using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Sharing;

public sealed class ListShared(SharedLinks links)
{
    [Function(nameof(ListShared)), TokenScope(TokenScopes.SharesWrite), Allow(Access.Verified)]
    [Description("Your public links with their entities, public URLs, expiry and downloads so far.")]
    public async Task<Reply<ListSharedResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shared-service/list-shared")] HttpRequest request,
        CancellationToken ct)
    {
        var user = request.CurrentUser();
        var shared = await links.WithEntriesAsync(user.Id, ct);
        return new ListSharedResponse(shared.Select(link => ShareView.From(user.UserName, link)).ToList());
    }
}
