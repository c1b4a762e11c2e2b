using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

public sealed class OpenApi([FromKeyedServices(ApiDocs.DocumentName)] IOpenApiDocumentProvider documents) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("GET", "/api/open-api")
    {
        Summary = "This OpenAPI 3 document.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        var document = await documents.GetOpenApiDocumentAsync(ct);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0, ct);
        return TypedResults.Text(json, "application/json; charset=utf-8");
    }
}
