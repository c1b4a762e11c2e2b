using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// Who may do what through a resolved link: a password-protected link opens only with a grant from its unlock route
/// (the HttpOnly cookie scoped to the link's path, or the <c>X-Link-Grant</c> header); an upload-only link only takes
/// uploads. A password is never read from a URL.
/// </summary>
public sealed class LinkAccess(LinkGrants grants, IOptions<AuthOptions> auth, TimeProvider clock)
{
    public const string CookieName = "tc-link-grant";
    public const string HeaderName = "X-Link-Grant";

    public bool IsUnlocked(HttpRequest request, ShareDocument share)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return !share.IsProtected || grants.Opens(request.Headers[HeaderName].ToString(), share, now)
            || grants.Opens(request.Cookies[CookieName], share, now);
    }

    /// <summary>Null when the request may read (or, <paramref name="upload"/>, upload through) the link; else why not.</summary>
    public ErrorResult? Refusal(HttpRequest request, SharedEntry link, bool upload = false)
    {
        if (PasswordInUrl(request) is { } inUrl)
            return inUrl;
        if (!IsUnlocked(request, link.Share))
            return Api.Unauthorized(
                $"This link is protected by a password: POST it to {UnlockPath(request)} and send the grant you get back.");
        return (upload, link.Share.UploadOnly) switch
        {
            (false, true) => Api.Forbidden("This link only accepts uploads: its contents cannot be listed or downloaded."),
            (true, false) => Api.Forbidden("This link does not accept uploads."),
            _ => null,
        };
    }

    /// <summary>A 400 for a password in the query string, where proxies and logs would keep it.</summary>
    public static ErrorResult? PasswordInUrl(HttpRequest request) => request.Query.ContainsKey("password")
        ? Api.BadRequest("A link's password never goes in a URL (it would end up in logs): POST it as JSON to the link's /unlock route.")
        : null;

    /// <summary>The grant as an HttpOnly, SameSite=Strict cookie that only this link's own paths receive.</summary>
    public void SetCookie(HttpResponse response, string userName, string hashedLink, string grant, DateTime expiresAt) =>
        response.Cookies.Append(CookieName, grant, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = PublicLink.InfoPath(userName, hashedLink),
            Secure = auth.Value.CookieSecure,
            Expires = expiresAt,
            MaxAge = LinkGrants.Lifetime,
        });

    private static string UnlockPath(HttpRequest request) =>
        PublicLink.InfoPath((string)request.RouteValues["user_name"]!, (string)request.RouteValues["hashed_link"]!) + "/unlock";
}
