using System.Net;
using System.Net.Http.Json;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Compatibility;

/// <summary>
/// The token cookie stays HttpOnly while the original clients keep working: the web client looks for a script-visible
/// cookie named a-token*, and the Java CLI takes the token from the last Set-Cookie header of login.
/// </summary>
[Collection(Areas.Activity)]
public sealed class TokenCookieTests(Stack stack)
{
    [Fact]
    public async Task LoginSetsAScriptVisibleMarkerFirstAndTheHttpOnlyTokenLastWhereTheCliReadsIt()
    {
        using var http = Raw(stack.Worker);
        var (email, _) = await RegisterAsync(http);

        using var login = await http.PostAsJsonAsync("/api/user-service/login", new { user_email = email, password = Client.Password });
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        cookies.Count.ShouldBe(2);
        cookies[0].ShouldStartWith("a-token-present=1;");
        cookies[0].ShouldNotContain("httponly", Case.Insensitive);
        cookies[^1].ShouldStartWith("a-token=");
        cookies[^1].ShouldContain("httponly", Case.Insensitive);
        foreach (var cookie in cookies)
        {
            cookie.ShouldContain("path=/", Case.Insensitive);
            cookie.ShouldContain("samesite=lax", Case.Insensitive);
            cookie.ShouldContain("max-age=2592000", Case.Insensitive);
        }

        // As tiny-cloud-cli's LoginController: the last Set-Cookie's a-token, sent back as "Cookie: a-token=...".
        var token = cookies[^1].Split(';')[0]["a-token=".Length..];
        (await CurrentUserAsync(http, $"a-token={token}")).ShouldBe(HttpStatusCode.OK);

        using var logout = await Send(http, HttpMethod.Post, "/api/user-service/logout", $"a-token={token}");
        var expired = logout.Headers.GetValues("Set-Cookie").ToList();
        expired.ShouldContain(c => c.StartsWith("a-token-present=;"));
        expired.ShouldContain(c => c.StartsWith("a-token=;"));
    }

    [Fact]
    public async Task UnderLegacyScriptCookieABrowserThatClearsTheScriptVisibleATokenIsLoggedOutForGood()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Auth:LegacyScriptCookie"] = "true" });
        using var http = Raw(worker);
        var (email, _) = await RegisterAsync(http);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/user-service/login")
        {
            Content = JsonContent.Create(new { user_email = email, password = Client.Password }),
        };
        request.Headers.Add("Origin", worker.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var login = await http.SendAsync(request);
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        var marker = cookies.Single(c => c.StartsWith("a-token="));
        marker.ShouldStartWith("a-token=1;");
        marker.ShouldNotContain("httponly", Case.Insensitive);
        var kept = cookies.Single(c => c.StartsWith("a-token-httponly="));
        kept.ShouldContain("httponly", Case.Insensitive);
        var token = $"a-token-httponly={kept.Split(';')[0]["a-token-httponly=".Length..]}";

        (await CurrentUserAsync(http, $"a-token=1; {token}")).ShouldBe(HttpStatusCode.OK);
        // document.cookie = "a-token=; max-age=0": the token arrives without its marker.
        (await CurrentUserAsync(http, token)).ShouldBe(HttpStatusCode.Unauthorized);
        // That ended the session: putting the marker back does not bring it back.
        (await CurrentUserAsync(http, $"a-token=1; {token}")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnderLegacyScriptCookieTheCliStillGetsItsTokenAsATokenFromTheLastSetCookie()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Auth:LegacyScriptCookie"] = "true" });
        using var http = Raw(worker);
        var (email, _) = await RegisterAsync(http);
        using var login = await http.PostAsJsonAsync("/api/user-service/login", new { user_email = email, password = Client.Password });
        var last = login.Headers.GetValues("Set-Cookie").Last();
        last.ShouldStartWith("a-token=");
        (await CurrentUserAsync(http, last.Split(';')[0])).ShouldBe(HttpStatusCode.OK);
    }

    private static HttpClient Raw(Worker worker) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = worker.BaseAddress };

    private static async Task<(string Email, string Name)> RegisterAsync(HttpClient http)
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{name}@example.com";
        using var response = await http.PostAsJsonAsync("/api/user-service/register", new { user_email = email, password = Client.Password, user_name = name });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (email, name);
    }

    private static async Task<HttpStatusCode> CurrentUserAsync(HttpClient http, string cookie)
    {
        using var response = await Send(http, HttpMethod.Get, "/api/user-service/get-current-user", cookie);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string route, string cookie)
    {
        var request = new HttpRequestMessage(method, route);
        request.Headers.Add("Cookie", cookie);
        return http.SendAsync(request);
    }
}
