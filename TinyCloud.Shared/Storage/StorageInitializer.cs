using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Creates indexes and the blob container at start-up, then checks them every <c>Mongo:IndexCheckSeconds</c> and makes
/// again whatever a database lost (a restarted or replaced server, an index dropped by hand): index creation is
/// idempotent, so the check is the creation itself. <see cref="StorageReadiness"/> says whether every index is in place.
/// When a backend is down the worker still starts (requests answer 503, health says which).
/// </summary>
public sealed class StorageInitializer(
    IEnumerable<IHasIndexes> stores,
    BlobContainerClient container,
    StorageReadiness readiness,
    IOptions<MongoOptions> options,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    private readonly IReadOnlyList<IHasIndexes> _stores = [.. stores];

    public override async Task StartAsync(CancellationToken ct)
    {
        await CheckAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period());
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await CheckAsync(stoppingToken);
            timer.Period = Period();
        }
    }

    // Sooner while something is missing, so a backend that comes back is usable within seconds.
    private TimeSpan Period() =>
        TimeSpan.FromSeconds(readiness.IsReady ? options.Value.IndexCheckSeconds : Math.Min(2, options.Value.IndexCheckSeconds));

    /// <summary>Each piece is tried on its own, so one refused index does not hold back the container or other stores.</summary>
    private async Task CheckAsync(CancellationToken ct)
    {
        // The container only matters to the routes that touch bytes, which answer 503 themselves while storage is down.
        await TryAsync("blob container", () => container.CreateIfNotExistsAsync(cancellationToken: ct));
        var ready = true;
        foreach (var store in _stores)
            ready &= await TryAsync(store.GetType().Name + " indexes", () => store.EnsureIndexesAsync(ct));
        if (ready != readiness.IsReady)
            logger.Log(ready ? LogLevel.Information : LogLevel.Warning, "Storage is {State}",
                ready ? "ready: every index is in place" : "not ready: requests are refused until every index is in place");
        readiness.Set(ready);
    }

    private async Task<bool> TryAsync(string what, Func<Task> step)
    {
        try
        {
            await step();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not create the {What}; retrying at the next check", what);
            return false;
        }
    }
}
