using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Documentation;

/// <summary>Title, envelope description, the three ways to authenticate, and tags for the features used.</summary>
public sealed class DocumentTransformer : IOpenApiDocumentTransformer
{
    public const string CookieScheme = "a-token";
    public const string BearerScheme = "bearer";
    public const string AdminScheme = "admin-key";

    private const string Description = """
        Files and folders in three fields (`mere`, `special`, `temporary`) sharing one quota, and public share links.

        Every success body is `{"result": "success", ...}` and every error body is
        `{"result": "error", "error": "<message>"}` (validation errors add `details`). Status codes: 400 bad input,
        401 not logged in or invalid token, 403 unverified or forbidden, 404 not found, 409 already exists,
        413 over quota or too large, 415 unsupported media type, 422 body does not match the schema, 429 throttled
        (with `Retry-After`), 503 MongoDB or blob storage unreachable, 500 unexpected (the message names the request id).

        Routes the original Tiny Cloud API had answer, by default, with exactly the original's keys, so its strict
        clients keep working; send `Accept: application/vnd.tinycloud.v2+json` to get the full bodies (`size_bytes`,
        dates, the login's `access_token`, ...) and `details` on validation errors. Each such response lists both
        shapes: `application/json` is the original's, `application/vnd.tinycloud.v2+json` the full one. Other routes
        have one shape.

        Log in to get the HttpOnly `a-token` cookie (plus the script-visible `a-token-present` marker, which carries no
        secret); with the full shape, login's `access_token` also works as `Authorization: Bearer`.
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo { Title = "Tiny Cloud API", Version = "v1", Description = Description };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = Sessions.CookieName,
                Description = "The HttpOnly session cookie set by login.",
            },
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "The access_token returned by login.",
            },
            [AdminScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Admin-Key",
                Description = "Admin:Key; admin routes answer 404 while it is unset.",
            },
        };
        // Only the feature tags the operation transformer assigned, not the generator's default one.
        document.Tags = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).OfType<string>()
            .Distinct().Order(StringComparer.Ordinal).Select(name => new OpenApiTag { Name = name })
            .ToHashSet();
        return Task.CompletedTask;
    }
}
