using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class ConfirmTwoFactor(TwoFactor twoFactor, ActivityRecorder activity)
{
    [Function(nameof(ConfirmTwoFactor)), Allow(Access.Verified), JsonBody<CodeRequest>]
    [Description("Turn two-factor sign-in on with a code from the enrolled secret; answers 10 single-use recovery codes, shown this once. The owner is mailed.")]
    public async Task<Reply<RecoveryCodesResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/confirm-two-factor")] HttpRequest request,
        CancellationToken ct)
    {
        var outcome = await twoFactor.ConfirmAsync(request.CurrentUser(), request.Body<CodeRequest>().Code, ct);
        if (outcome.RecoveryCodes is not { } codes)
            return TwoFactorReplies.Refused(outcome, request);
        await activity.RecordAsync(request, request.CurrentUser().Id, ActivityKinds.TwoFactorEnabled, ct);
        return new RecoveryCodesResponse(codes);
    }
}
