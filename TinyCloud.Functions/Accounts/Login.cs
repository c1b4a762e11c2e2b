using TinyCloud.Functions.Http;
using TinyCloud.Functions.Sharing;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class Login(UserStore users, LoginThrottle throttle, TokenService tokens, Sessions sessions, SharedLinks links)
    : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/user-service/login")
    {
        RequestBody = typeof(LoginRequest), ResponseBody = typeof(LoginResponse),
        Summary = "Log in: sets the a-token cookie (the token is also returned for Bearer use).",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!(await request.ReadJsonAsync<LoginRequest>(ct)).IsValid(out var body, out var error))
            return error;

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
        return Api.Ok(new LoginResponse(UserView.From(user, await links.ForUserAsync(user.Id, ct)), token));
    }
}
