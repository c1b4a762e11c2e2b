using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class VerifyEmail(EmailVerification verification)
{
    [Function(nameof(VerifyEmail)), JsonBody<VerifyEmailRequest>]
    [Description("Mark the email verified with the token of the mailed verification link (single use).")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/verify-email")] HttpRequest request,
        CancellationToken ct)
    {
        var outcome = await verification.ConfirmAsync(request.Body<VerifyEmailRequest>().Token, ct);
        return outcome.Problem == CredentialProblem.None ? new Done() : Credentials.Refused(outcome, request);
    }
}
