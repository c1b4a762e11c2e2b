using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Http;

/// <summary>A request DTO that knows its own field rules (beyond JSON shape).</summary>
public interface IValidated
{
    IEnumerable<FieldError> Validate();
}

public static partial class JsonBody
{
    public const int MaxJsonBytes = 64 * 1024;

    /// <summary>Reads a request's JSON body as <paramref name="type"/>: the value, or the 4xx envelope that says why not.</summary>
    public static async Task<Lookup<object>> ReadAsync(HttpRequest request, Type type, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return Api.Error(StatusCodes.Status415UnsupportedMediaType, request.ContentType is { } contentType
                ? $"Expected application/json, got '{contentType}'."
                : "Send the body as JSON with Content-Type: application/json.");
        if (request.ContentLength > MaxJsonBytes)
            return TooLarge();

        return await ParseAsync(request.Body, type, request.HttpContext, ct);
    }

    /// <summary>
    /// Parses and validates JSON from any stream (a body, a multipart part) with the app's JSON options. The limit is
    /// counted on the bytes themselves, so a chunked body without Content-Length is held to it too.
    /// </summary>
    public static async Task<Lookup<object>> ParseAsync(
        Stream json, Type type, HttpContext context, CancellationToken ct)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var limited = new HashingLimitStream(json, MaxJsonBytes);
        object? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(limited, type, options, ct);
        }
        catch (JsonException ex)
        {
            return limited.Exceeded ? TooLarge() : Api.Invalid(Describe(ex));
        }
        if (limited.Exceeded)
            return TooLarge();
        if (value is null)
            return Api.Invalid("body", "A JSON object is required.");
        if (value is IValidated validated && validated.Validate().ToList() is { Count: > 0 } errors)
            return Api.Invalid(errors);
        return Lookup<object>.Of(value);
    }

    private static ErrorResult TooLarge() => Api.TooLarge($"The JSON body is larger than {MaxJsonBytes / 1024} KiB.");

    /// <summary>Names the offending field of a JSON error without echoing type names or parser internals.</summary>
    private static List<FieldError> Describe(JsonException ex)
    {
        var missing = MissingProperties().Match(ex.Message);
        if (missing.Success)
            return missing.Groups["names"].Value.Split(", ").Select(n => n.Trim('\''))
                .Select(name => new FieldError(name, $"'{name}' is required.")).ToList();
        var field = ex.Path is { Length: > 2 } path ? path[2..] : "body";
        var message = field == "body"
            ? "The body must be a JSON object."
            : $"'{field}' is missing, null or of the wrong type.";
        return [new FieldError(field, message)];
    }

    [System.Text.RegularExpressions.GeneratedRegex("missing required properties including: (?<names>.+?)\\.?$")]
    private static partial System.Text.RegularExpressions.Regex MissingProperties();
}
