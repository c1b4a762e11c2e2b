using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions.Platform;

/// <summary>
/// The one place every HTTP function passes through: it enforces the declared <see cref="Access"/>, reads and
/// validates the declared <see cref="JsonBodyAttribute{T}"/>, writes the function's <see cref="IResult"/> through
/// <see cref="Representations"/> (the worker itself only writes MVC results), and turns an unexpected exception into the error envelope.
/// </summary>
public sealed class FunctionGate(
    Sessions sessions, IOptions<AdminOptions> admin, StorageReadiness storage, LinkThrottle links, ClientAddress addresses,
    ILogger<FunctionGate> logger)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http || FunctionCatalog.Find(context.FunctionDefinition.Name) is not { } function)
        {
            await next(context);
            return;
        }
        try
        {
            var refusal = await AdmitAsync(function, http);
            if (refusal is null)
            {
                await next(context);
                refusal = context.GetInvocationResult().Value as IResult;
            }
            context.GetInvocationResult().Value = null;
            if (refusal is not null)
                await Representations.WriteAsync(http, function, refusal);
        }
        catch (Exception ex)
        {
            await FailAsync(http, ex);
        }
    }

    private async Task<IResult?> AdmitAsync(FunctionEntry function, HttpContext http)
    {
        if (function.NeedsStorage && !await storage.IsReadyAsync(http.RequestAborted))
        {
            http.Response.Headers.RetryAfter = "5";
            return Api.Error(StatusCodes.Status503ServiceUnavailable,
                "The metadata database is unreachable or its indexes are not in place yet; try again shortly.");
        }
        if (function.WritesUnique.FirstOrDefault(c => !storage.IsGuarded(c)) is { } unguarded)
        {
            http.Response.Headers.RetryAfter = "5";
            return Api.Error(StatusCodes.Status503ServiceUnavailable,
                $"A unique index of {unguarded} is not in place (it is being rebuilt), so this change is refused; reading still works. Try again shortly.");
        }
        if (function.IsPublicLink && await links.TryAdmitAsync(addresses.Of(http.Request), LinkKey(http.Request), http.RequestAborted) is { } wait)
        {
            RetryAfter.Set(http.Response, wait);
            return Api.Error(StatusCodes.Status429TooManyRequests,
                "Too many requests to shared links from this address, or to this link; try again shortly.");
        }
        switch (function.Access)
        {
            case Access.User or Access.Verified:
                var caller = await sessions.AuthenticateAsync(http.Request, http.RequestAborted);
                if (caller is null)
                    return Api.Unauthorized();
                if (function.Access == Access.Verified && !caller.User.Verified)
                    return Api.Forbidden("Your account is not verified yet; an administrator must verify it first.");
                if (caller.Token is { } token && TokenRefusal(function, token) is { } refused)
                    return refused;
                http.Items[typeof(UserDocument)] = caller.User;
                http.Items[typeof(Caller)] = caller;
                break;
            case Access.Admin:
                if (string.IsNullOrEmpty(admin.Value.Key))
                    return Api.NotFound("No such route.");
                if (!KeyMatches(http.Request.Headers["X-Admin-Key"].ToString(), admin.Value.Key))
                    return Api.Forbidden("A valid X-Admin-Key header is required.");
                break;
        }
        if (function.RequestBody is { } type)
        {
            if (!(await JsonBody.ReadAsync(http.Request, type, http.RequestAborted)).Found(out var body, out var error))
                return error;
            http.Items[typeof(JsonBody)] = body;
        }
        return null;
    }

    private async Task FailAsync(HttpContext http, Exception ex)
    {
        var request = http.Request;
        if (ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Client disconnected during {Method} {Path}", request.Method, request.Path);
            return;
        }
        var (status, message) = Failures.Classify(ex);
        if (status >= 500)
            logger.LogError(ex, "{Method} {Path} failed with {Status}", request.Method, request.Path, status);
        else
            logger.LogInformation("{Method} {Path} rejected with {Status}: {Reason}", request.Method, request.Path, status, ex.Message);
        if (http.Response.HasStarted)
        {
            http.Abort();
            return;
        }
        http.Response.Clear();
        if (status == StatusCodes.Status429TooManyRequests)
            RetryAfter.Set(http.Response, Throttles.SuggestedWait(ex) ?? TimeSpan.Zero); // the server's suggested wait when it gave one
        if (status == 500)
            message = $"Internal server error (request id {http.TraceIdentifier})";
        await Api.Error(status, message).ExecuteAsync(http);
    }

    /// <summary>Null when a personal access token may call the function; else the 403 that says why not.</summary>
    private static ErrorResult? TokenRefusal(FunctionEntry function, AccessTokenDocument token) => function.TokenScope switch
    {
        null => Api.Forbidden("Access tokens cannot use account routes: log in with the password for this."),
        var scope when !token.Scopes.Contains(scope) => Api.Forbidden($"This access token lacks the '{scope}' scope this route needs."),
        _ => null,
    };

    /// <summary>The link a request names, as a fixed-size key however long the route values are.</summary>
    private static string LinkKey(HttpRequest request) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{request.RouteValues["user_name"]}/{request.RouteValues["hashed_link"]}".ToLowerInvariant())));

    // Comparing fixed-length digests keeps the comparison constant-time whatever the supplied length.
    private static bool KeyMatches(string supplied, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(supplied)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

public static class RequestExtensions
{
    /// <summary>The caller, authenticated by <see cref="FunctionGate"/> for User and Verified functions.</summary>
    public static UserDocument CurrentUser(this HttpRequest request) =>
        (UserDocument)request.HttpContext.Items[typeof(UserDocument)]!;

    /// <summary>The session (login) the caller's token belongs to, for User and Verified functions.</summary>
    public static string CurrentSessionId(this HttpRequest request) =>
        ((Caller)request.HttpContext.Items[typeof(Caller)]!).SessionId;

    /// <summary>The declared JSON body, read and validated by <see cref="FunctionGate"/>.</summary>
    public static T Body<T>(this HttpRequest request) where T : class =>
        (T)request.HttpContext.Items[typeof(JsonBody)]!;
}
