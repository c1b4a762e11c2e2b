using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Documentation;

/// <summary>
/// Completes each function's operation from its <see cref="FunctionEntry"/>: the JSON request body (functions read
/// it themselves, so the generator cannot see it), the error responses its access level and body imply, security
/// and a feature tag.
/// </summary>
public sealed class OperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<FunctionEntry>().FirstOrDefault() is not { } function)
            return;

        var document = context.Document!;
        operation.OperationId = function.Name;
        operation.Tags = new HashSet<OpenApiTagReference> { new(Feature(function.Method.DeclaringType!), document) };
        AddPathParameters(operation, function);
        if (function.RequestBody is { } body)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await ComponentAsync(body, context, ct) },
                },
            };
        if (function.Multipart is { } form)
            operation.RequestBody = await MultipartAsync(form, context, ct);
        if (function.OriginalBody is { } original && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse success)
            await AddOriginalShapeAsync(success, original, context, ct);

        var error = await ComponentAsync(typeof(ErrorBody), context, ct);
        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, description) in Errors(function))
            operation.Responses.TryAdd(status, new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = error } },
            });

        operation.Security = function.Access switch
        {
            Access.User or Access.Verified => [Requirement(DocumentTransformer.CookieScheme), Requirement(DocumentTransformer.BearerScheme)],
            Access.Admin => [Requirement(DocumentTransformer.AdminScheme)],
            _ => null,
        };

        OpenApiSecurityRequirement Requirement(string scheme) => new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
    }

    private static async Task<OpenApiSchemaReference> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>
    /// A route the original API had: <c>application/json</c> is the original's shape (the default) and the rich media
    /// type the full one, so Swagger UI offers both and sends the chosen one as Accept.
    /// </summary>
    private static async Task AddOriginalShapeAsync(
        OpenApiResponse success, Type original, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        success.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (success.Content.TryGetValue("application/json", out var rich))
            success.Content[Representations.RichMediaType] = rich;
        success.Content["application/json"] = new OpenApiMediaType { Schema = await ComponentAsync(original, context, ct) };
        success.Description = "`application/json` (the default): exactly the original Tiny Cloud API's keys. " +
            $"`Accept: {Representations.RichMediaType}`: the full body, with the fields this API added.";
    }

    /// <summary>A multipart body: the JSON part (an object, sent as application/json) and the file part.</summary>
    private static async Task<OpenApiRequestBody> MultipartAsync(
        MultipartFormAttribute form, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                [form.FilePart] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file's bytes." },
            },
            Required = new HashSet<string> { form.FilePart },
        };
        var media = new OpenApiMediaType { Schema = schema };
        if (form.JsonPartType is { } json)
        {
            schema.Properties[form.JsonPart] = await ComponentAsync(json, context, ct);
            schema.Required.Add(form.JsonPart);
            media.Encoding = new Dictionary<string, OpenApiEncoding> { [form.JsonPart] = new() { ContentType = "application/json" } };
        }
        return new OpenApiRequestBody
        {
            Required = true,
            Description = form.JsonPartType is null
                ? $"multipart/form-data with the part '{form.FilePart}'."
                : $"multipart/form-data with the parts '{form.JsonPart}' (JSON text) and '{form.FilePart}' (the bytes), in either order.",
            Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = media },
        };
    }

    // Functions read route values themselves, so the generator sees no parameter for them.
    private static void AddPathParameters(OpenApiOperation operation, FunctionEntry function)
    {
        foreach (var parameter in RoutePatternFactory.Parse(function.Route).Parameters)
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == parameter.Name && p.In == ParameterLocation.Path))
                continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Path,
                Required = true,
                Description = parameter.IsCatchAll ? "The rest of the path, slashes included." : null,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static IEnumerable<(string Status, string Description)> Errors(FunctionEntry function)
    {
        if (function.RequestBody is not null)
        {
            yield return ("413", "The JSON body is too large.");
            yield return ("415", "The body is not application/json.");
            yield return ("422", "The body does not match the schema; `details` names the fields.");
        }
        if (function.Access is Access.User or Access.Verified)
            yield return ("401", "Not logged in, or the token is invalid, expired or revoked.");
        if (function.Access is Access.Verified)
            yield return ("403", "The account is not verified yet.");
        if (function.Access is Access.Admin)
        {
            yield return ("403", "A valid X-Admin-Key header is required.");
            yield return ("404", "Admin routes are off (Admin:Key is unset).");
        }
        yield return ("503", "MongoDB or blob storage is unreachable.");
        yield return ("default", "Any other error, as the error envelope (see the status codes above).");
    }

    private static string Feature(Type type) => type.Namespace?.Split('.')[^1] ?? "Functions";
}
