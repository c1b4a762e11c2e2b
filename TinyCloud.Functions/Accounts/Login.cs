using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Shared.Activity;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Sharing;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class Login(
    UserStore users, LoginThrottle throttle, ClientAddress clientAddress, Sessions sessions, SharedLinks links,
    SecondFactorLogins secondFactor, ActivityRecorder activity)
{
    [Function(nameof(Login)), JsonBody<LoginRequest>, Original<Done>]
    [Description("Log in: sets the a-token cookie (the token is also returned for Bearer use).")]
    public async Task<Reply<LoginResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/login")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<LoginRequest>();

        var email = body.UserEmail.Trim().ToLowerInvariant();
        var address = clientAddress.Of(request);
        // The attempt is counted before the password is checked, so parallel guesses get no more checks than the limits.
        if (await throttle.TryBeginAsync(email, address, ct) is { } wait)
        {
            RetryAfter.Set(request.HttpContext.Response, wait);
            return Api.Error(StatusCodes.Status429TooManyRequests, "Too many failed logins; try again later.");
        }

        var user = await users.FindByEmailAsync(email, ct);
        if (!await Task.Run(() => PasswordHasher.Verify(body.Password, user?.PasswordHash), ct))
        {
            await activity.SignInFailedAsync(request, user?.Id, ct);
            return Api.BadRequest("Wrong email or password.");
        }

        await throttle.SucceededAsync(email, address, ct);
        if (user!.TwoFactor is { Enabled: true })
            return new ErrorResult(StatusCodes.Status403Forbidden, new ErrorBody(
                "This account has two-factor sign-in: send a code from your authenticator app (or a recovery code) with " +
                "second_factor_token to /api/user-service/login-second-factor within 5 minutes.")
            {
                SecondFactorToken = await secondFactor.IssueAsync(user.Id, ct),
            });
        // Null: the password was changed or reset, or the account deleted, while this login ran.
        if (await sessions.StartAsync(user!, request, ct) is not { } token)
            return Api.BadRequest("Wrong email or password.");
        await activity.RecordAsync(request, user.Id, ActivityKinds.SignedIn, ct);
        return new LoginResponse(UserView.From(user!, await links.ForUserAsync(user!.Id, ct)), token);
    }
}
