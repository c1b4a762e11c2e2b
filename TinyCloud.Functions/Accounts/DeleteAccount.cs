using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Closing;

namespace TinyCloud.Functions.Accounts;

public sealed class DeleteAccount(AccountCloser closer, ClientAddress clientAddress, Sessions sessions)
{
    [Function(nameof(DeleteAccount)), Allow(Access.User), JsonBody<DeleteAccountRequest>]
    [Description("Delete the account (its password required): at once it can no longer log in and its links stop working; then its files, links, sessions and avatar are erased. The user name stays reserved; the email can register again. The owner is mailed.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/delete-account")] HttpRequest request,
        CancellationToken ct)
    {
        var outcome = await closer.CloseAsync(request.CurrentUser(), request.Body<DeleteAccountRequest>().Password, clientAddress.Of(request), ct);
        if (outcome.User is null)
            return Credentials.Refused(outcome, request);
        sessions.ExpireCookie(request.HttpContext.Response);
        return new Done();
    }
}
