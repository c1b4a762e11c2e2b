using Azure;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Http;

/// <summary>What an unexpected exception means to the client: 503 when a backend is unreachable, else 500.</summary>
public static class Failures
{
    public static (int Status, string Message) Classify(Exception ex) => ex switch
    {
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            (413, "The request body is too large."),
        BadHttpRequestException bad => (bad.StatusCode, "The request could not be read: " + bad.Message),
        // Cosmos DB's "request rate is large": the account's throughput is spent for now.
        _ when Throttles.IsThrottle(ex) =>
            (429, "The database is busy (its throughput is used up for the moment); try again shortly."),
        UploadOutcomeUnknownException =>
            (503, "The metadata database stopped answering as the file was being stored, for longer than the upload waits (30 s): " +
                  "the file may or may not be in. Look for it (get-fs-entity) before sending it again."),
        MongoConnectionException or TimeoutException or MongoExecutionTimeoutException =>
            (503, "The metadata database is unreachable; try again shortly."),
        RequestFailedException { Status: 0 or >= 500 } =>
            (503, "Blob storage is unreachable; try again shortly."),
        AggregateException { InnerException: { } inner } => Classify(inner),
        _ => (500, "Internal server error"),
    };
}
