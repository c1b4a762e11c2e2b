using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class EnrollTwoFactor(TwoFactor twoFactor, ClientAddress clientAddress)
{
    [Function(nameof(EnrollTwoFactor)), Allow(Access.Verified), JsonBody<PasswordRequest>]
    [Description("Start two-factor sign-in (the password required): a new TOTP secret and its otpauth:// URI and that URI as a QR code (a PNG data URI) for an authenticator app; on only once confirm-two-factor gets a code.")]
    public async Task<Reply<TwoFactorEnrollResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/enroll-two-factor")] HttpRequest request,
        CancellationToken ct)
    {
        if (!twoFactor.Enabled)
            return TwoFactorReplies.Refused(TwoFactorOutcome.Failed(TwoFactorProblem.Off), request);
        var outcome = await twoFactor.EnrollAsync(request.CurrentUser(), request.Body<PasswordRequest>().Password, clientAddress.Of(request), ct);
        return outcome is { Secret: { } secret, OtpAuthUri: { } uri } ? TwoFactorEnrollResponse.Of(secret, uri) : TwoFactorReplies.Refused(outcome, request);
    }
}
