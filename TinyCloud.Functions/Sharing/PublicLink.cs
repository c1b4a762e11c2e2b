using TinyCloud.Functions.Http;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

/// <summary>The HTTP side of public links: one 404 for every way a link fails, and responses nobody keeps.</summary>
public static class PublicLink
{
    public static ErrorResult NotFound() => Api.NotFound("This link does not exist or is no longer shared.");

    public static string InfoPath(string userName, string hashedLink) => $"/shared/{Uri.EscapeDataString(userName)}/{hashedLink}";

    /// <summary>Marks the response uncacheable and resolves the route's {user_name}/{hashed_link}.</summary>
    public static Task<SharedEntry?> ResolveRouteAsync(this ShareResolver resolver, HttpRequest request, CancellationToken ct)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        return resolver.ResolveAsync(request.RouteValues["user_name"] as string, request.RouteValues["hashed_link"] as string, ct);
    }
}
