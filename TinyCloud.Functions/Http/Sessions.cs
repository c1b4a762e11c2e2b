using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Http;

/// <summary>
/// The caller of a request: the user and the session (login) its token belongs to, or the personal access token it
/// came with (then <see cref="Token"/> is set and the session id names the token).
/// </summary>
public sealed record Caller(UserDocument User, string SessionId, AccessTokenDocument? Token = null);

/// <summary>
/// The a-token cookie (or Bearer header) to user and session mapping, and the cookies themselves. The token cookie is
/// always HttpOnly. Next to it goes a marker that carries no secret and that script can see, because the original web
/// client decides whether it is logged in by looking for a cookie whose name starts with <c>a-token</c>:
/// <c>a-token-present</c> by default; under <c>Auth:LegacyScriptCookie</c> a browser gets the marker as
/// <c>a-token</c> itself (so the original's log-out, which clears <c>a-token</c> from script, works) and the token as
/// <c>a-token-httponly</c>, which counts only while its marker is there.
/// </summary>
public sealed class Sessions(
    TokenService tokens, UserStore users, SessionStore store, AccessTokens accessTokens, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string CookieName = "a-token";
    public const string MarkerName = "a-token-present";
    public const string HttpOnlyName = "a-token-httponly";
    public const int MaxDeviceLength = 120;

    /// <summary>One MongoDB read (the user, whose document lists its live sessions), plus a last-use write every few minutes.</summary>
    public async Task<Caller?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        if (AccessTokenOf(request) is { } secret)
            return await AuthenticateTokenAsync(secret, ct);
        if (await ClaimsAsync(request) is not { } claims)
            return null;
        if (MarkerRemoved(request))
        {
            // The page cleared the marker (the original web client's log-out): the session ends here, for real.
            await store.RevokeAsync(claims.UserId, claims.SessionId, ct);
            ExpireCookie(request.HttpContext.Response);
            return null;
        }
        var user = await users.FindByIdAsync(claims.UserId, ct);
        if (user is null || user.JwtEpoch != claims.JwtEpoch || !SessionStore.IsLive(user, claims.SessionId, clock.GetUtcNow().UtcDateTime))
            return null;
        await store.TouchAsync(claims.SessionId, ct);
        return new Caller(user, claims.SessionId);
    }

    /// <summary>
    /// A personal access token: live, of an account that still has the password it was made under. One read of the
    /// token and one of the user; its last use written at most once a minute.
    /// </summary>
    private async Task<Caller?> AuthenticateTokenAsync(string secret, CancellationToken ct)
    {
        if (secret.Length > 200 || await accessTokens.FindLiveAsync(secret, ct) is not { } token)
            return null;
        if (await users.FindByIdAsync(token.UserId, ct) is not { Closing: null } user || !AccessTokens.IsCurrent(token, user))
            return null;
        await accessTokens.TouchAsync(token, ct);
        return new Caller(user, "token:" + token.Id, token);
    }

    /// <summary>The secret of a personal access token sent as <c>Authorization: Bearer tc_pat_…</c>, if that is what came.</summary>
    private static string? AccessTokenOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer " + AccessTokens.Prefix, StringComparison.Ordinal)
            ? header["Bearer ".Length..].Trim()
            : null;

    /// <summary>The token's claims, if it is a valid token of ours (revoked or not).</summary>
    public async Task<TokenClaims?> ClaimsAsync(HttpRequest request)
    {
        var token = request.Cookies[HttpOnlyName] is { Length: > 0 } kept ? kept : request.Cookies[CookieName];
        if (string.IsNullOrEmpty(token) && request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = header["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
            return null;
        return await tokens.ValidateAsync(token);
    }

    /// <summary>
    /// A new session for a login: stored with its device label, its token set as the cookie and returned. A log out
    /// everywhere landing while the login runs comes first: the session is then started at the raised jwt_epoch. A
    /// password change or reset (or the account's deletion) landing meanwhile ends the login instead: null, no session.
    /// </summary>
    public async Task<string?> StartAsync(UserDocument user, HttpRequest request, CancellationToken ct)
    {
        var device = DeviceLabel(request.Headers.UserAgent.ToString());
        var epoch = user.JwtEpoch;
        SessionDocument? session;
        while ((session = await store.StartAsync(user.Id, epoch, user.PasswordHash, device, tokens.Lifetime, ct)) is null)
        {
            var now = await users.FindByIdAsync(user.Id, ct);
            if (now is null || now.PasswordHash != user.PasswordHash)
                return null;
            epoch = now.JwtEpoch;
        }
        var token = tokens.Issue(user.Id, epoch, session.Id);
        var cookies = request.HttpContext.Response.Cookies;
        if (options.Value.LegacyScriptCookie && FromBrowser(request))
        {
            cookies.Append(CookieName, "1", CookieOptions(tokens.Lifetime, httpOnly: false));
            cookies.Append(HttpOnlyName, token, CookieOptions(tokens.Lifetime));
        }
        else
        {
            // The marker first: the original CLI reads only the last Set-Cookie header, which must be the token's.
            cookies.Append(MarkerName, "1", CookieOptions(tokens.Lifetime, httpOnly: false));
            cookies.Append(CookieName, token, CookieOptions(tokens.Lifetime));
        }
        return token;
    }

    /// <summary>Expires the token cookie and its marker, whichever layout the login used.</summary>
    public void ExpireCookie(HttpResponse response)
    {
        foreach (var name in new[] { MarkerName, HttpOnlyName, CookieName })
            response.Cookies.Delete(name, CookieOptions(TimeSpan.Zero, httpOnly: name != MarkerName));
    }

    /// <summary>The token came in <c>a-token-httponly</c> but its script-visible <c>a-token</c> marker is gone.</summary>
    private static bool MarkerRemoved(HttpRequest request) =>
        request.Cookies[HttpOnlyName] is { Length: > 0 } && !request.Cookies.ContainsKey(CookieName);

    // Browsers send Origin on every POST and Sec-Fetch-Site on every request, and page script can set neither; the CLI
    // and curl send neither, so they keep getting the token as a-token, where they look for it.
    private static bool FromBrowser(HttpRequest request) =>
        request.Headers.ContainsKey("Sec-Fetch-Site") || request.Headers.ContainsKey("Origin");

    /// <summary>The User-Agent, without control characters, cut to <see cref="MaxDeviceLength"/> characters.</summary>
    public static string DeviceLabel(string userAgent)
    {
        var clean = new string(userAgent.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()).Trim();
        return clean.Length == 0 ? "Unknown device" : clean.Length <= MaxDeviceLength ? clean : clean[..(MaxDeviceLength - 1)] + "…";
    }

    private CookieOptions CookieOptions(TimeSpan maxAge, bool httpOnly = true) => new()
    {
        HttpOnly = httpOnly,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Secure = options.Value.CookieSecure,
        MaxAge = maxAge,
        Expires = clock.GetUtcNow() + maxAge,
    };
}
