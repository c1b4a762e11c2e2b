using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Sharing;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class Login(UserStore users, LoginThrottle throttle, TokenService tokens, Sessions sessions, SharedLinks links)
{
    [Function(nameof(Login)), JsonBody<LoginRequest>]
    [Description("Log in: sets the a-token cookie (the token is also returned for Bearer use).")]
    public async Task<Reply<LoginResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/login")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<LoginRequest>();

        var email = body.UserEmail.Trim().ToLowerInvariant();
        if (await throttle.RetryAfterAsync(email, ct) is { } wait)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
            return Api.Error(StatusCodes.Status429TooManyRequests, "Too many failed logins for this email; try again later.");
        }

        var user = await users.FindByEmailAsync(email, ct);
        if (!await Task.Run(() => PasswordHasher.Verify(body.Password, user?.PasswordHash), ct))
        {
            await throttle.RecordFailureAsync(email, ct);
            return Api.BadRequest("Wrong email or password.");
        }

        await throttle.ClearAsync(email, ct);
        var token = tokens.Issue(user!.Id, user.JwtEpoch);
        sessions.SetCookie(request.HttpContext.Response, token);
        return new LoginResponse(UserView.From(user, await links.ForUserAsync(user.Id, ct)), token);
    }
}
