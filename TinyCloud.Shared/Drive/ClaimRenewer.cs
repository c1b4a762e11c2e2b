using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace TinyCloud.Shared.Drive;

/// <summary>Extends a pending entry's claim while its upload runs, so a crashed worker's claim lapses within minutes.</summary>
internal sealed class ClaimRenewer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public ClaimRenewer(EntryStore entries, ObjectId id, TimeProvider clock, ILogger logger) =>
        _renewing = RenewAsync(entries, id, clock, logger);

    private async Task RenewAsync(EntryStore entries, ObjectId id, TimeProvider clock, ILogger logger)
    {
        using var timer = new PeriodicTimer(PendingUploads.ClaimRenewal, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (!await entries.RenewClaimAsync(id, clock.GetUtcNow().UtcDateTime + PendingUploads.ClaimLease, _stop.Token))
                        return; // made ready, given up, or taken by a removal: nothing left to hold
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not renew the claim of upload {EntryId}; the next tick retries", id);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }
}
