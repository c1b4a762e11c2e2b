using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class ResendVerificationEmail(EmailVerification verification, ClientAddress clientAddress)
{
    [Function(nameof(ResendVerificationEmail)), Allow(Access.User)]
    [Description("Mail the verification link again (earlier links stop working); a few times an hour at most.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/resend-verification-email")] HttpRequest request,
        CancellationToken ct)
    {
        var outcome = await verification.ResendAsync(request.CurrentUser(), clientAddress.Of(request), ct);
        return outcome.Problem == CredentialProblem.None ? new Done() : Credentials.Refused(outcome, request);
    }
}
