using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace TinyCloud.Functions.Http;

/// <summary>A request body that parsed and passed validation, or the 4xx envelope that says why not.</summary>
public readonly record struct Body<T>(T? Value, IResult? Error)
{
    public bool IsValid(out T value, out IResult error)
    {
        value = Value!;
        error = Error!;
        return Error is null;
    }
}

/// <summary>A request DTO that knows its own field rules (beyond JSON shape).</summary>
public interface IValidated
{
    IEnumerable<FieldError> Validate();
}

public static partial class JsonBody
{
    public const int MaxJsonBytes = 64 * 1024;

    public static async Task<Body<T>> ReadJsonAsync<T>(this HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentType is { } type && !request.HasJsonContentType())
            return new(null, Api.Error(StatusCodes.Status415UnsupportedMediaType, $"Expected application/json, got '{type}'."));
        if (request.ContentLength > MaxJsonBytes)
            return new(null, Api.TooLarge($"The JSON body is larger than {MaxJsonBytes / 1024} KiB."));

        return await ParseAsync<T>(request.Body, request.HttpContext, ct);
    }

    /// <summary>Parses and validates JSON from any stream (a body, a multipart part) with the app's JSON options.</summary>
    public static async Task<Body<T>> ParseAsync<T>(Stream json, HttpContext context, CancellationToken ct) where T : class
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(json, options, ct);
        }
        catch (JsonException ex)
        {
            return new(null, Api.Invalid(Describe(ex)));
        }
        if (value is null)
            return new(null, Api.Invalid("body", "A JSON object is required."));
        if (value is IValidated validated && validated.Validate().ToList() is { Count: > 0 } errors)
            return new(null, Api.Invalid(errors));
        return new(value, null);
    }

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
