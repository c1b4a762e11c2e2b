using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Http;

/// <summary>The a-token cookie (or Bearer header) to user mapping, and the cookie itself.</summary>
public sealed class Sessions(TokenService tokens, UserStore users, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string CookieName = "a-token";

    public async Task<UserDocument?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        var token = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(token) && request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = header["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
            return null;

        var claims = await tokens.ValidateAsync(token);
        if (claims is null)
            return null;
        var user = await users.FindByIdAsync(claims.UserId, ct);
        return user?.JwtEpoch == claims.JwtEpoch ? user : null;
    }

    public void SetCookie(HttpResponse response, string token) =>
        response.Cookies.Append(CookieName, token, CookieOptions(tokens.Lifetime));

    public void ExpireCookie(HttpResponse response) =>
        response.Cookies.Delete(CookieName, CookieOptions(TimeSpan.Zero));

    private CookieOptions CookieOptions(TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Secure = options.Value.CookieSecure,
        MaxAge = maxAge,
        Expires = clock.GetUtcNow() + maxAge,
    };
}
