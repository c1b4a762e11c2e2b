using Microsoft.OpenApi;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

public static class ApiDocs
{
    public const string DocumentName = "v1";

    /// <summary>The OpenAPI document (served by <see cref="OpenApi"/>) and the Swagger UI and Redoc pages.</summary>
    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            // The host reaches timer functions by invocation, never by HTTP, so they are not part of the API.
            options.ShouldInclude = description =>
                !TimerCatalog.All.Any(t => t.InvocationRoute == "/" + description.RelativePath);
            options.AddDocumentTransformer<DocumentTransformer>();
            options.AddOperationTransformer<OperationTransformer>();
            options.AddSchemaTransformer<EnvelopeSchemaTransformer>();
        });
        services.AddSingleton<DocPages>();
        return services;
    }
}
