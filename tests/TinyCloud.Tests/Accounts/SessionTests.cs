using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class SessionTests(Stack stack)
{
    private const string Me = "/api/user-service/get-current-user";

    [Fact]
    public async Task LoginSetsAnHttpOnlyLaxCookieForTheTokenLifetime()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.PostJsonAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("a-token=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=lax");
        cookie.ShouldContain("path=/");
        cookie.ShouldContain("max-age=2592000");
        cookie.ShouldNotContain("secure"); // Auth:CookieSecure=false in tests
        var body = await Client.Read(response);
        body.ShouldBeSuccess();
        body.Body["access_token"]!.GetValue<string>().Split('.').Length.ShouldBe(3);
    }

    [Fact]
    public async Task TheCookieLetsTheUserReadTheirProfile()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.GetAsync(Me);
        response.ShouldBeSuccess();
        var user = response.Body["user"]!;
        user["user_name"]!.GetValue<string>().ShouldBe(client.UserName);
        user["user_email"]!.GetValue<string>().ShouldBe(client.Email);
        user["shared"]!.AsArray().Count.ShouldBe(0);
        user["used_space"]!.GetValue<double>().ShouldBe(0);
        user["available_space"]!.GetValue<double>().ShouldBe(10000);
    }

    [Fact]
    public async Task WithoutACookieTheProfileIs401()
    {
        using var client = stack.Worker.NewClient();
        (await client.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized, "log in");
    }

    [Fact]
    public async Task ABearerTokenWorksLikeTheCookie()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var token = await LoginTokenAsync(client);
        using var bare = stack.Worker.NewClient();
        bare.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await bare.GetAsync(Me)).ShouldBeSuccess();
    }

    [Fact]
    public async Task RevokingSessionsKillsEveryEarlierTokenOfThatUserOnly()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var other = await stack.Worker.NewClient().SignUpAsync();
        var oldToken = await LoginTokenAsync(client);
        var oldCookies = client.Cookies.GetCookieHeader(stack.Worker.BaseAddress);

        (await client.PostAsync("/api/user-service/revoke-sessions", new { })).ShouldBeSuccess();

        using var replay = stack.Worker.NewClient();
        replay.Http.DefaultRequestHeaders.Add("Cookie", oldCookies);
        (await replay.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        using var bearer = stack.Worker.NewClient();
        bearer.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", oldToken);
        (await bearer.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await other.GetAsync(Me)).ShouldBeSuccess();

        // A fresh login works again.
        (await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password })).ShouldBeSuccess();
        (await client.GetAsync(Me)).ShouldBeSuccess();
    }

    [Fact]
    public async Task LogoutExpiresTheCookie()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.PostJsonAsync("/api/user-service/logout", new { });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("a-token=", StringComparison.Ordinal));
        cookie.ShouldContain("expires=Thu, 01 Jan 1970", Case.Insensitive);
        (await Client.Read(response)).ShouldBeSuccess();
        (await client.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownEmailGetTheSameAnswer()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var wrongPassword = await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = "wrong password" });
        var unknownEmail = await client.PostAsync("/api/user-service/login", new { user_email = "nobody-" + client.Email, password = "wrong password" });
        wrongPassword.ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");
        unknownEmail.ShouldBeError(HttpStatusCode.BadRequest);
        unknownEmail.Body.ToJsonString().ShouldBe(wrongPassword.Body.ToJsonString());
    }

    [Fact]
    public async Task FiveFailedLoginsThrottleTheEmailWithRetryAfter()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < 5; i++)
            (await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = "wrong password" }))
                .ShouldBeError(HttpStatusCode.BadRequest);

        var throttled = await client.PostJsonAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password });
        throttled.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 15 * 60);
        (await Client.Read(throttled)).ShouldBeError(HttpStatusCode.TooManyRequests, "try again later");
    }

    [Fact]
    public async Task ASuccessfulLoginClearsEarlierFailures()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < 4; i++)
            await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = "wrong password" });
        (await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password })).ShouldBeSuccess();
        for (var i = 0; i < 4; i++)
            await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = "wrong password" });
        (await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password })).ShouldBeSuccess();
    }

    public static TheoryData<string> ForgedTokens => new()
    {
        "none", "hs384", "other-key", "expired", "garbage",
    };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task ATokenThatIsNotAValidHs256TokenOfOursIs401(string kind)
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var me = await owner.GetAsync(Me);
        var userId = me.Body["user"]!["user_id"]!.GetValue<long>();
        var token = Forge(kind, userId);

        using var client = stack.Worker.NewClient();
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.GetAsync(Me)).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    private static string Forge(string kind, long userId)
    {
        var claims = new Dictionary<string, object> { ["user_id"] = userId, ["jwt_epoch"] = 0 };
        string Sign(string secret, string algorithm, DateTime expires) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(new SecurityTokenDescriptor
            {
                Claims = claims,
                IssuedAt = expires.AddDays(-30),
                Expires = expires,
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm),
            });
        return kind switch
        {
            "none" => Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
                      Base64Url($"{{\"user_id\":{userId},\"jwt_epoch\":0,\"exp\":{DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds()}}}") + ".",
            "hs384" => Sign(Stack.JwtSecret, SecurityAlgorithms.HmacSha384, DateTime.UtcNow.AddDays(1)),
            "other-key" => Sign("another-secret-that-is-at-least-32-bytes!", SecurityAlgorithms.HmacSha256, DateTime.UtcNow.AddDays(1)),
            "expired" => Sign(Stack.JwtSecret, SecurityAlgorithms.HmacSha256, DateTime.UtcNow.AddMinutes(-5)),
            _ => "not.a.token",
        };
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(json);

    private static async Task<string> LoginTokenAsync(Client client)
    {
        var response = await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password });
        response.ShouldBeSuccess();
        return response.Body["access_token"]!.GetValue<string>();
    }
}
