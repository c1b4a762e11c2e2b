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

    /// <summary>A login that needs its second factor: the token login-second-factor takes (5 minutes, this purpose only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SecondFactorToken { get; init; }
}

/// <summary>An error envelope with its status code.</summary>
public sealed class ErrorResult(int status, ErrorBody body) : IResult
{
    public int Status { get; } = status;
    public ErrorBody Body { get; } = body;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Json(Body, statusCode: Status).ExecuteAsync(httpContext);
}

/// <summary>A function's JSON answer, as <see cref="Platform.FunctionGate"/> sees it: a success body or an error.</summary>
public interface IReply : IResult
{
    Success? Body { get; }
    ErrorResult? Error { get; }
}

/// <summary>
/// What a JSON function answers: its success body <typeparamref name="T"/> (200) or an <see cref="ErrorResult"/>.
/// The OpenAPI document reads <typeparamref name="T"/> from the function's signature; <see cref="Representations"/>
/// writes it, in the original API's shape when the route declares one and the client did not opt in.
/// </summary>
public sealed class Reply<T> : IReply where T : Success
{
    private Reply(T? body, ErrorResult? error) => (Body, Error) = (body, error);

    public T? Body { get; }
    public ErrorResult? Error { get; }
    Success? IReply.Body => Body;

    public static implicit operator Reply<T>(T body) => new(body, null);

    public static implicit operator Reply<T>(ErrorResult error) => new(null, error);

    public Task ExecuteAsync(HttpContext httpContext) =>
        Error?.ExecuteAsync(httpContext) ?? TypedResults.Ok(Body).ExecuteAsync(httpContext);
}

/// <summary>The one place the error envelope is built.</summary>
public static class Api
{
    public static ErrorResult Error(int status, string message, IReadOnlyList<FieldError>? details = null) =>
        new(status, new ErrorBody(message) { Details = details });

    public static ErrorResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);
    public static ErrorResult Unauthorized(string message = "Not logged in: log in to get an a-token cookie.") =>
        Error(StatusCodes.Status401Unauthorized, message);
    public static ErrorResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, message);
    public static ErrorResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);
    public static ErrorResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);
    public static ErrorResult TooLarge(string message) => Error(StatusCodes.Status413PayloadTooLarge, message);
    public static ErrorResult Invalid(string field, string message) =>
        Error(StatusCodes.Status422UnprocessableEntity, $"Invalid request: {message}", [new FieldError(field, message)]);

    public static ErrorResult Invalid(IReadOnlyList<FieldError> errors) =>
        Error(StatusCodes.Status422UnprocessableEntity, $"Invalid request: {errors[0].Message}", errors);
}
