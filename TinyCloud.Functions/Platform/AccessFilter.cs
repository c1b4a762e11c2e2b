using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Platform;

/// <summary>Enforces each function's declared <see cref="Access"/> before its body runs.</summary>
public sealed class AccessFilter(Sessions sessions, IOptions<AdminOptions> admin) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = http.GetEndpoint()?.Metadata.GetMetadata<FunctionRoute>()?.Access ?? Access.Anonymous;
        switch (access)
        {
            case Access.User or Access.Verified:
                var user = await sessions.AuthenticateAsync(http.Request, http.RequestAborted);
                if (user is null)
                    return Api.Unauthorized();
                if (access == Access.Verified && !user.Verified)
                    return Api.Forbidden("Your account is not verified yet; an administrator must verify it first.");
                http.Items[typeof(UserDocument)] = user;
                break;
            case Access.Admin:
                if (string.IsNullOrEmpty(admin.Value.Key))
                    return Api.NotFound("No such route.");
                if (!KeyMatches(http.Request.Headers["X-Admin-Key"].ToString(), admin.Value.Key))
                    return Api.Forbidden("A valid X-Admin-Key header is required.");
                break;
        }
        return await next(context);
    }

    // Comparing fixed-length digests keeps the comparison constant-time whatever the supplied length.
    private static bool KeyMatches(string supplied, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(supplied)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

public static class CurrentUserExtensions
{
    /// <summary>The caller, authenticated by <see cref="AccessFilter"/> for User and Verified functions.</summary>
    public static UserDocument CurrentUser(this HttpRequest request) =>
        (UserDocument)request.HttpContext.Items[typeof(UserDocument)]!;
}
