using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

public sealed class ReDoc(DocPages pages) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("GET", "/api/redoc/{*path}")
    {
        Summary = "Redoc for this API; /api/redoc redirects to its index.html.",
    };

    public Task<IResult> RunAsync(HttpRequest request, CancellationToken ct) => Task.FromResult(pages.Redoc);
}
