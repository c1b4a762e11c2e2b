using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class DisableTwoFactor(TwoFactor twoFactor, ClientAddress clientAddress, ActivityRecorder activity)
{
    [Function(nameof(DisableTwoFactor)), Allow(Access.Verified), JsonBody<DisableTwoFactorRequest>]
    [Description("Turn two-factor sign-in off: the password and a current code (or a recovery code) required. The owner is mailed.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/disable-two-factor")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<DisableTwoFactorRequest>();
        var outcome = await twoFactor.DisableAsync(request.CurrentUser(), body.Password, body.Code, body.RecoveryCode, clientAddress.Of(request), ct);
        if (outcome.Problem != TwoFactorProblem.None)
            return TwoFactorReplies.Refused(outcome, request);
        await activity.RecordAsync(request, request.CurrentUser().Id, ActivityKinds.TwoFactorDisabled, ct);
        return new Done();
    }
}
