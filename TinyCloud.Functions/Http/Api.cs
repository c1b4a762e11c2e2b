using System.Text.Json.Serialization;

namespace TinyCloud.Functions.Http;

/// <summary>Base of every success body: <c>{"result": "success", ...}</c>.</summary>
public abstract record Success
{
    [JsonPropertyOrder(-1)]
    public string Result => "success";
}

public sealed record Done : Success;

public sealed record FieldError(string Field, string Message);

public sealed record ErrorBody(string Error)
{
    [JsonPropertyOrder(-1)]
    public string Result => "error";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldError>? Details { get; init; }
}

/// <summary>The one place the JSON envelope is built.</summary>
public static class Api
{
    public static IResult Ok<T>(T body) where T : Success => TypedResults.Ok(body);

    public static IResult Ok() => TypedResults.Ok(new Done());

    public static IResult Error(int status, string message, IReadOnlyList<FieldError>? details = null) =>
        TypedResults.Json(new ErrorBody(message) { Details = details }, statusCode: status);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);
    public static IResult Unauthorized(string message = "Not logged in: log in to get an a-token cookie.") =>
        Error(StatusCodes.Status401Unauthorized, message);
    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, message);
    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);
    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);
    public static IResult TooLarge(string message) => Error(StatusCodes.Status413PayloadTooLarge, message);
    public static IResult Invalid(string field, string message) =>
        Error(StatusCodes.Status422UnprocessableEntity, $"Invalid request: {message}", [new FieldError(field, message)]);

    public static IResult Invalid(IReadOnlyList<FieldError> errors) =>
        Error(StatusCodes.Status422UnprocessableEntity, $"Invalid request: {errors[0].Message}", errors);
}
