using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Platform;

/// <summary>
/// Every request no other function takes: the host routes a catch-all template last (ASP.NET Core route precedence),
/// so this answers what would otherwise be the host's empty 404. The site's root goes to the web client; a path that
/// is a route, asked with another method, is a 405 naming the methods it takes; anything else a 404 envelope.
/// </summary>
public sealed class Fallback
{
    private static readonly IReadOnlyList<(TemplateMatcher Matcher, string Method)> Routes = FunctionCatalog.HttpFunctions
        .Where(f => f.Name != nameof(Fallback))
        .SelectMany(f => f.Http!.Methods!.Select(m => (Match(f.Http.Route!), m.ToUpperInvariant())))
        .ToList();

    [Function(nameof(Fallback)), WithoutStorage, Undocumented]
    public IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", "head", "options", Route = "{*path}")]
        HttpRequest request)
    {
        var (method, path) = (request.Method.ToUpperInvariant(), request.Path.Value is { Length: > 0 } p ? p : "/");
        if (path == "/" && method is "GET" or "HEAD")
            return TypedResults.Redirect("/client/");
        var allowed = Routes.Where(r => r.Matcher.TryMatch(path, [])).Select(r => r.Method).Distinct().Order().ToList();
        if (allowed.Count == 0)
            return Api.NotFound($"No such route: {method} {path}. Every route is listed at /api/docs.");
        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return Api.Error(StatusCodes.Status405MethodNotAllowed, $"{method} is not allowed on {path}: use {string.Join(" or ", allowed)}.");
    }

    private static TemplateMatcher Match(string route) => new(TemplateParser.Parse(route), []);
}
