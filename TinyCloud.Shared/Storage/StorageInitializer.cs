using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Creates indexes and the blob container at start-up and keeps them in place. Every <c>Mongo:UniqueIndexCheckSeconds</c>
/// (5) it lists the indexes of each collection a unique index guards (one cheap <c>listIndexes</c> each, no document
/// read); every <c>Mongo:IndexCheckSeconds</c> (60) it makes every index again (creation is idempotent). A unique index
/// found missing makes its collection unguarded at once until it is rebuilt, duplicates repaired first
/// (<see cref="UniqueIndexGuard"/>). When a backend is down the worker still starts (requests answer 503,
/// health says which).
/// </summary>
public sealed class StorageInitializer(
    IEnumerable<IHasIndexes> stores,
    BlobContainerClient container,
    StorageReadiness readiness,
    UniqueIndexGuard guard,
    TimeProvider clock,
    IOptions<MongoOptions> options,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    private readonly IReadOnlyList<IHasIndexes> _stores = [.. stores];
    private DateTimeOffset _lastFullCheck;

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
            if (!readiness.IsReady || readiness.Unguarded.Count > 0
                || clock.GetUtcNow() - _lastFullCheck >= TimeSpan.FromSeconds(options.Value.IndexCheckSeconds))
                await CheckAsync(stoppingToken);
            else
                await QuickCheckAsync(stoppingToken);
            timer.Period = Period();
        }
    }

    // Sooner while something is missing, so a backend that comes back is usable within seconds.
    private TimeSpan Period() => TimeSpan.FromSeconds(
        readiness.IsReady && readiness.Unguarded.Count == 0 ? options.Value.UniqueIndexCheckSeconds : Math.Min(2, options.Value.UniqueIndexCheckSeconds));

    /// <summary>Each piece is tried on its own, so one refused index does not hold back the container or other stores.</summary>
    private async Task CheckAsync(CancellationToken ct)
    {
        _lastFullCheck = clock.GetUtcNow();
        // The container only matters to the routes that touch bytes, which answer 503 themselves while storage is down.
        await TryAsync("blob container", () => container.CreateIfNotExistsAsync(cancellationToken: ct));
        var ready = true;
        foreach (var store in _stores)
            ready &= store is IHasUniqueIndexes guarded
                ? await guard.EnsureAsync(guarded, ct)
                : await TryAsync(store.GetType().Name + " indexes", () => store.EnsureIndexesAsync(ct));
        if (ready != readiness.IsReady)
            logger.Log(ready ? LogLevel.Information : LogLevel.Warning, "Storage is {State}",
                ready ? "ready: every index is in place" : "not ready: requests are refused until every index is in place");
        readiness.Set(ready);
    }

    /// <summary>Lists the indexes of each guarded collection; one that lost a unique index is refused writes and rebuilt.</summary>
    private async Task QuickCheckAsync(CancellationToken ct)
    {
        foreach (var store in _stores.OfType<IHasUniqueIndexes>())
        {
            try
            {
                if (await guard.AllPresentAsync(store, ct))
                    continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not list the indexes of {Collection}; checking everything at the next tick", store.Collection);
                _lastFullCheck = DateTimeOffset.MinValue;
                continue;
            }
            await guard.EnsureAsync(store, ct);
        }
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
