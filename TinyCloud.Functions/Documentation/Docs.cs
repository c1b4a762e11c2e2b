using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

public sealed class Docs(DocPages pages)
{
    // The catch-all also routes the page's own scripts and styles (e.g. /api/docs/swagger-ui.css) through the host.
    [Function(nameof(Docs)), WithoutStorage]
    [Description("Swagger UI for this API; /api/docs redirects to its index.html.")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/docs/{*path}")] HttpRequest request,
        CancellationToken ct) => Task.FromResult(pages.SwaggerUi);
}
