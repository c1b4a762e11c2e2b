using Azure;
using MongoDB.Driver;

namespace TinyCloud.Functions.Http;

/// <summary>
/// Turns an unexpected exception into the error envelope: 503 when a backend is unreachable, 500 with only the
/// request id otherwise. Details go to the log, never to the client.
/// </summary>
public sealed class ErrorEnvelopeMiddleware(RequestDelegate next, ILogger<ErrorEnvelopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Client disconnected during {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        catch (Exception ex)
        {
            var (status, message) = Classify(ex);
            if (status >= 500)
                logger.LogError(ex, "{Method} {Path} failed with {Status}", context.Request.Method, context.Request.Path, status);
            else
                logger.LogInformation("{Method} {Path} rejected with {Status}: {Reason}", context.Request.Method, context.Request.Path, status, ex.Message);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            if (status == 500)
                message = $"Internal server error (request id {context.TraceIdentifier})";
            await Api.Error(status, message).ExecuteAsync(context);
        }
    }

    private static (int Status, string Message) Classify(Exception ex) => ex switch
    {
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            (413, "The request body is too large."),
        BadHttpRequestException bad => (bad.StatusCode, "The request could not be read: " + bad.Message),
        MongoConnectionException or TimeoutException or MongoExecutionTimeoutException =>
            (503, "The metadata database is unreachable; try again shortly."),
        RequestFailedException { Status: 0 or >= 500 } =>
            (503, "Blob storage is unreachable; try again shortly."),
        AggregateException { InnerException: { } inner } => Classify(inner),
        _ => (500, "Internal server error"),
    };
}
