using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class ConfirmTwoFactor(TwoFactor twoFactor)
{
    [Function(nameof(ConfirmTwoFactor)), Allow(Access.Verified), JsonBody<CodeRequest>]
    [Description("Turn two-factor sign-in on with a code from the enrolled secret; answers 10 single-use recovery codes, shown this once. The owner is mailed.")]
    public async Task<Reply<RecoveryCodesResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/confirm-two-factor")] HttpRequest request,
        CancellationToken ct)
    {
        var outcome = await twoFactor.ConfirmAsync(request.CurrentUser(), request.Body<CodeRequest>().Code, ct);
        return outcome.RecoveryCodes is { } codes ? new RecoveryCodesResponse(codes) : TwoFactorReplies.Refused(outcome, request);
    }
}
