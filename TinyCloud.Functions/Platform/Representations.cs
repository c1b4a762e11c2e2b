using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Platform;

/// <summary>
/// The one place a function's answer is written. A route the original API had (<see cref="OriginalAttribute{T}"/>)
/// answers, by default, with exactly the original's keys: its body cut down to the original's model, and errors as
/// the original's <c>{result, error}</c>. A client that sends <c>Accept: application/vnd.tinycloud.v2+json</c> gets
/// the full body (and <c>details</c> on validation errors), labelled with that media type. Other routes have one shape.
/// </summary>
public static class Representations
{
    public const string RichMediaType = "application/vnd.tinycloud.v2+json";

    public static Task WriteAsync(HttpContext http, FunctionEntry function, IResult result)
    {
        if (function.OriginalBody is not { } original)
            return result.ExecuteAsync(http);
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Accept);
        if (WantsRich(http.Request))
        {
            http.Response.OnStarting(() =>
            {
                if (http.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
                    http.Response.ContentType = RichMediaType + "; charset=utf-8";
                return Task.CompletedTask;
            });
            return result.ExecuteAsync(http);
        }
        return result switch
        {
            IReply { Body: { } body } => TypedResults.Json(Project(body, original, Json(http)), Json(http)).ExecuteAsync(http),
            IReply { Error: { } error } => Plain(error).ExecuteAsync(http),
            ErrorResult error => Plain(error).ExecuteAsync(http),
            _ => result.ExecuteAsync(http),
        };
    }

    /// <summary>Whether the request's Accept header lists the rich media type with a non-zero quality.</summary>
    public static bool WantsRich(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept.OfType<string>().ToList(), out var accepted)
        && accepted.Any(a => a.MediaType.Equals(RichMediaType, StringComparison.OrdinalIgnoreCase) && a.Quality is not <= 0);

    /// <summary>
    /// <paramref name="body"/> serialized, keeping only the properties <paramref name="shape"/> declares, recursively
    /// through nested objects and lists: the rich shape only ever adds keys to the original's.
    /// </summary>
    public static JsonNode? Project(object body, Type shape, JsonSerializerOptions options) =>
        Project(JsonSerializer.SerializeToNode(body, body.GetType(), options), options.GetTypeInfo(shape), options);

    private static JsonNode? Project(JsonNode? node, JsonTypeInfo shape, JsonSerializerOptions options)
    {
        switch (node)
        {
            case JsonObject fields when shape.Kind == JsonTypeInfoKind.Object:
                var kept = new JsonObject();
                foreach (var property in shape.Properties.OrderBy(p => p.Order))
                    if (fields.TryGetPropertyValue(property.Name, out var value))
                        kept[property.Name] = Project(value?.DeepClone(), options.GetTypeInfo(property.PropertyType), options);
                    else if (IsNullable(property))
                        kept[property.Name] = null; // the original's pydantic models write a missing optional as null
                return kept;
            case JsonArray items when shape.Kind == JsonTypeInfoKind.Enumerable && shape.ElementType is { } element:
                return new JsonArray(items.Select(item => Project(item?.DeepClone(), options.GetTypeInfo(element), options)).ToArray());
            default:
                return node;
        }
    }

    private static bool IsNullable(JsonPropertyInfo property) =>
        !property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null;

    // The original's error envelope has no details: its strict clients (the Java CLI) reject any other key.
    private static ErrorResult Plain(ErrorResult error) => Api.Error(error.Status, error.Body.Error);

    private static JsonSerializerOptions Json(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
}
