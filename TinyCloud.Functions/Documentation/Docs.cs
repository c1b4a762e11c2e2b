using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

public sealed class Docs(DocPages pages) : IFunction
{
    // The catch-all also routes the page's own scripts and styles (e.g. /api/docs/swagger-ui.css) through the host.
    public static FunctionRoute Declaration { get; } = new("GET", "/api/docs/{*path}")
    {
        Summary = "Swagger UI for this API; /api/docs redirects to its index.html.",
    };

    public Task<IResult> RunAsync(HttpRequest request, CancellationToken ct) => Task.FromResult(pages.SwaggerUi);
}
