using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

public sealed class OpenApi(ApiDocs docs)
{
    [Function(nameof(OpenApi)), WithoutStorage]
    [Description("This OpenAPI 3 document.")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/open-api")] HttpRequest request,
        CancellationToken ct) =>
        TypedResults.Text(await docs.JsonAsync(), "application/json; charset=utf-8");
}
