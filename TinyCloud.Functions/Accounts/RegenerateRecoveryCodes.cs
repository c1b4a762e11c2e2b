using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class RegenerateRecoveryCodes(TwoFactor twoFactor, ClientAddress clientAddress)
{
    [Function(nameof(RegenerateRecoveryCodes)), Allow(Access.Verified), JsonBody<PasswordAndCodeRequest>]
    [Description("Replace every two-factor recovery code with 10 new ones (the password and a current code required); the old ones stop working.")]
    public async Task<Reply<RecoveryCodesResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/regenerate-recovery-codes")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<PasswordAndCodeRequest>();
        var outcome = await twoFactor.RegenerateRecoveryCodesAsync(request.CurrentUser(), body.Password, body.Code, clientAddress.Of(request), ct);
        return outcome.RecoveryCodes is { } codes ? new RecoveryCodesResponse(codes) : TwoFactorReplies.Refused(outcome, request);
    }
}
