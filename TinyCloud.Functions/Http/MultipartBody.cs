using Microsoft.Net.Http.Headers;

namespace TinyCloud.Functions.Http;

/// <summary>What a malformed multipart body means to the client: a 400 or 413 envelope, never a 500.</summary>
public static class MultipartBody
{
    /// <summary>RFC 2046 allows 1–70 characters.</summary>
    public const int MaxBoundaryLength = 70;

    /// <summary>The boundary of a multipart/form-data Content-Type, or null when there is none usable.</summary>
    public static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 and <= MaxBoundaryLength } boundary
            ? boundary
            : null;

    /// <summary>
    /// The envelope for an exception thrown while reading multipart sections, or null when it is not about the body's
    /// shape (a dropped connection, Kestrel's own limits): those stay with <c>FunctionGate</c>.
    /// </summary>
    public static ErrorResult? Malformed(Exception ex, HttpContext http) => ex switch
    {
        _ when http.RequestAborted.IsCancellationRequested => null,
        BadHttpRequestException => null,
        InvalidDataException { Message: var message } when message.Contains("body length limit", StringComparison.OrdinalIgnoreCase) =>
            Api.TooLarge("The multipart body is too large."),
        InvalidDataException { Message: var message } => Api.BadRequest($"The multipart body is malformed: {message}"),
        IOException => Api.BadRequest(
            "The multipart body ended before its closing boundary: check that the body uses the boundary of its Content-Type."),
        _ => null,
    };
}
