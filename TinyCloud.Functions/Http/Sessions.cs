using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Http;

/// <summary>The caller of a request: the user and the session (login) its token belongs to.</summary>
public sealed record Caller(UserDocument User, string SessionId);

/// <summary>The a-token cookie (or Bearer header) to user and session mapping, and the cookie itself.</summary>
public sealed class Sessions(
    TokenService tokens, UserStore users, SessionStore store, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string CookieName = "a-token";
    public const int MaxDeviceLength = 120;

    /// <summary>One MongoDB read (the user, whose document lists its live sessions), plus a last-use write every few minutes.</summary>
    public async Task<Caller?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        if (await ClaimsAsync(request) is not { } claims)
            return null;
        var user = await users.FindByIdAsync(claims.UserId, ct);
        if (user is null || user.JwtEpoch != claims.JwtEpoch || !SessionStore.IsLive(user, claims.SessionId, clock.GetUtcNow().UtcDateTime))
            return null;
        await store.TouchAsync(claims.SessionId, ct);
        return new Caller(user, claims.SessionId);
    }

    /// <summary>The token's claims, if it is a valid token of ours (revoked or not).</summary>
    public async Task<TokenClaims?> ClaimsAsync(HttpRequest request)
    {
        var token = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(token) && request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = header["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
            return null;
        return await tokens.ValidateAsync(token);
    }

    /// <summary>A new session for a login: stored with its device label, its token set as the cookie and returned.</summary>
    public async Task<string> StartAsync(UserDocument user, HttpRequest request, CancellationToken ct)
    {
        var session = await store.StartAsync(user.Id, DeviceLabel(request.Headers.UserAgent.ToString()), tokens.Lifetime, ct);
        var token = tokens.Issue(user.Id, user.JwtEpoch, session.Id);
        request.HttpContext.Response.Cookies.Append(CookieName, token, CookieOptions(tokens.Lifetime));
        return token;
    }

    public void ExpireCookie(HttpResponse response) =>
        response.Cookies.Delete(CookieName, CookieOptions(TimeSpan.Zero));

    /// <summary>The User-Agent, without control characters, cut to <see cref="MaxDeviceLength"/> characters.</summary>
    public static string DeviceLabel(string userAgent)
    {
        var clean = new string(userAgent.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()).Trim();
        return clean.Length == 0 ? "Unknown device" : clean.Length <= MaxDeviceLength ? clean : clean[..(MaxDeviceLength - 1)] + "…";
    }

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
