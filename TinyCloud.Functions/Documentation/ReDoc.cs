using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

public sealed class ReDoc(DocPages pages)
{
    [Function(nameof(ReDoc)), WithoutStorage]
    [Description("Redoc for this API; /api/redoc redirects to its index.html.")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/redoc/{*path}")] HttpRequest request,
        CancellationToken ct) => Task.FromResult(pages.Redoc);
}
