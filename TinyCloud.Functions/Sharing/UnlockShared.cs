using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// Trades a link's password for a short-lived grant to that one link. Attempts go through the login throttle, keyed
/// by the share and the client address, and are counted before the password is checked.
/// </summary>
public sealed class UnlockShared(
    ShareResolver resolver, LinkPasswordThrottle throttle, ClientAddress clientAddress, LinkGrants grants, LinkAccess access,
    TimeProvider clock)
{
    [Function(nameof(UnlockShared)), JsonBody<UnlockRequest>]
    [Description("Unlock a password-protected link: sets a 15-minute grant cookie for the link's paths and returns the grant " +
        "(send it as X-Link-Grant from clients without cookies).")]
    public async Task<Reply<UnlockResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/unlock")] HttpRequest request,
        CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return PublicLink.NotFound();
        if (LinkAccess.PasswordInUrl(request) is { } inUrl)
            return inUrl;
        var share = link.Share;
        if (!share.IsProtected)
            return Api.BadRequest("This link has no password: it opens without unlocking.");

        var throttleKey = $"link:{share.Id}";
        var address = clientAddress.Of(request);
        if (await throttle.TryBeginAsync(throttleKey, address, ct) is { } wait)
        {
            RetryAfter.Set(request.HttpContext.Response, wait);
            return Api.Error(StatusCodes.Status429TooManyRequests, "Too many wrong passwords for this link; try again later.");
        }
        if (!await Task.Run(() => PasswordHasher.Verify(request.Body<UnlockRequest>().Password, share.PasswordHash), ct))
            return Api.Forbidden("Wrong password for this link.");

        await throttle.SucceededAsync(throttleKey, address, ct);
        var (grant, expiresAt) = grants.Issue(share, clock.GetUtcNow().UtcDateTime);
        access.SetCookie(request.HttpContext.Response, (string)request.RouteValues["user_name"]!, share.HashedLink, grant, expiresAt);
        return new UnlockResponse(grant, expiresAt);
    }
}
