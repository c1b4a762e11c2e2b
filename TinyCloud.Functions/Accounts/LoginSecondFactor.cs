using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Functions.Sharing;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

/// <summary>
/// The second step of a login with two-factor sign-in: the token login answered and a code (or a recovery code). No
/// session exists before this succeeds. Wrong codes count against the login throttle (per account and address) and
/// against the token, which dies at the fifth.
/// </summary>
public sealed class LoginSecondFactor(
    SecondFactorLogins pending, UserStore users, TwoFactor twoFactor, LoginThrottle throttle, ClientAddress clientAddress,
    Sessions sessions, SharedLinks links, ActivityRecorder activity)
{
    [Function(nameof(LoginSecondFactor)), JsonBody<SecondFactorRequest>]
    [Description("Finish a login that answered second_factor_token: send it with code (6 digits) or recovery_code; sets the session as login does.")]
    public async Task<Reply<LoginResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/login-second-factor")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<SecondFactorRequest>();
        if (await pending.FindAsync(body.SecondFactorToken, ct) is not { } login)
            return Api.Unauthorized("This sign-in expired, was used or got too many wrong codes: log in again.");
        var key = $"2fa:{login.UserId}";
        var address = clientAddress.Of(request);
        if (await throttle.TryBeginAsync(key, address, ct) is { } wait)
            return TwoFactorReplies.Refused(new TwoFactorOutcome(TwoFactorProblem.Throttled, wait), request);
        if (await users.FindByIdAsync(login.UserId, ct) is not { Closing: null } user)
            return Api.Unauthorized("This sign-in expired, was used or got too many wrong codes: log in again.");
        if (!await twoFactor.VerifyAsync(user, body.Code, body.RecoveryCode, ct))
        {
            await pending.FailAsync(login, CancellationToken.None);
            return TwoFactorReplies.Refused(TwoFactorOutcome.Failed(TwoFactorProblem.WrongCode), request);
        }
        await throttle.SucceededAsync(key, address, ct);
        if (!await pending.TakeAsync(login, ct) || await sessions.StartAsync(user, request, ct) is not { } token)
            return Api.Unauthorized("This sign-in expired, was used or got too many wrong codes: log in again.");
        await activity.RecordAsync(request, user.Id, ActivityKinds.SignedIn, ct, detail: "two-factor");
        return new LoginResponse(UserView.From(user, await links.ForUserAsync(user.Id, ct)), token);
    }
}
