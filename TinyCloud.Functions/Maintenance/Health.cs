using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Azure.Storage.Blobs;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions.Maintenance;

public sealed record HealthResponse(string Mongo, string Blob) : Success;

public sealed class Health(IMongoDatabase db, BlobContainerClient container, StorageReadiness storage, ILogger<Health> logger)
{
    [Function(nameof(Health)), WithoutStorage]
    [Description("MongoDB and blob storage reachability, and whether every index is in place (503 if not).")]
    public async Task<Reply<HealthResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StorageServices.MongoTimeout);
        var checks = await Task.WhenAll(
            Probe("mongo", () => db.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: timeout.Token)),
            Probe("blob", async () =>
            {
                if (!(await container.ExistsAsync(timeout.Token)).Value)
                    throw new InvalidOperationException($"Container '{container.Name}' does not exist yet.");
            }));
        var failed = checks.Where(c => c.Error is not null).Select(c => new FieldError(c.Name, c.Error!)).ToList();
        if (failed.Count == 0 && !storage.IsReady)
            failed.Add(new FieldError("indexes", "not in place yet"));
        else if (failed.Count == 0 && storage.Unguarded.Count > 0)
            failed.Add(new FieldError("indexes", $"unique indexes of {string.Join(", ", storage.Unguarded.Order())} not in place: writes to them are refused"));
        return failed.Count == 0
            ? new HealthResponse("ok", "ok")
            : Api.Error(StatusCodes.Status503ServiceUnavailable,
                $"Unavailable: {string.Join(", ", failed.Select(f => f.Field))}.", failed);
    }

    private async Task<(string Name, string? Error)> Probe(string name, Func<Task> check)
    {
        try
        {
            await check();
            return (name, null);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Health check {Check} failed", name);
            return (name, "unreachable");
        }
    }
}
