using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Creates indexes and the blob container at start-up. When a backend is down the worker still starts
/// (requests answer 503, health says which) and the initializer retries in the background.
/// </summary>
public sealed class StorageInitializer(
    IEnumerable<IHasIndexes> stores,
    BlobContainerClient container,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        if (!await TryInitializeAsync(ct))
            await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (await TryInitializeAsync(stoppingToken))
                return;
        }
    }

    private readonly HashSet<IHasIndexes> _pending = [.. stores];
    private bool _containerReady;

    /// <summary>Each piece is tried on its own, so one refused index does not hold back the container or other stores.</summary>
    private async Task<bool> TryInitializeAsync(CancellationToken ct)
    {
        if (!_containerReady)
            _containerReady = await TryAsync("blob container", () => container.CreateIfNotExistsAsync(cancellationToken: ct));
        foreach (var store in _pending.ToList())
        {
            if (await TryAsync(store.GetType().Name + " indexes", () => store.EnsureIndexesAsync(ct)))
                _pending.Remove(store);
        }
        return _containerReady && _pending.Count == 0;
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
            logger.LogWarning(ex, "Could not create the {What} yet; retrying in the background", what);
            return false;
        }
    }
}
