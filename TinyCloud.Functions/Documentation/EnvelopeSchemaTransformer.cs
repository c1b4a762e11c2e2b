using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Documentation;

/// <summary>States the envelope's fixed <c>result</c> value: "success" on success bodies, "error" on the error body.</summary>
public sealed class EnvelopeSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        var result = typeof(Success).IsAssignableFrom(type) ? "success" : type == typeof(ErrorBody) ? "error" : null;
        if (result is not null && schema.Properties?.TryGetValue("result", out var property) == true && property is OpenApiSchema value)
        {
            value.Type = JsonSchemaType.String;
            value.Enum = [JsonValue.Create(result)];
            schema.Required ??= new HashSet<string>();
            schema.Required.Add("result");
        }
        return Task.CompletedTask;
    }
}
