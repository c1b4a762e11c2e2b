using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class RequestPasswordReset(AccountCredentials credentials, ClientAddress clientAddress)
{
    [Function(nameof(RequestPasswordReset)), JsonBody<RequestPasswordResetRequest>]
    [Description("Forgot the password: if an account has this email, it is mailed a link (single use, 30 minutes) to reset-password. The answer is the same whether or not it has.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/request-password-reset")] HttpRequest request,
        CancellationToken ct)
    {
        var email = request.Body<RequestPasswordResetRequest>().UserEmail.Trim().ToLowerInvariant();
        var outcome = await credentials.RequestResetAsync(email, clientAddress.Of(request), ct);
        return outcome.Problem == CredentialProblem.None ? new Done() : Credentials.Refused(outcome, request);
    }
}
