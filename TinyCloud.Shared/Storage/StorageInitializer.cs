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

    private async Task<bool> TryInitializeAsync(CancellationToken ct)
    {
        try
        {
            foreach (var store in stores)
                await store.EnsureIndexesAsync(ct);
            await container.CreateIfNotExistsAsync(cancellationToken: ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Storage is not ready yet; retrying in the background");
            return false;
        }
    }
}
