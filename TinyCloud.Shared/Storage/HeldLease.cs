using Microsoft.Extensions.Logging;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// A lease this process holds, renewed every third of its duration until disposed, then released. Should a renewal
/// find the lease taken (it expired while this process stalled), <see cref="Lost"/> is cancelled so the work stops.
/// </summary>
public sealed class HeldLease : IAsyncDisposable
{
    private readonly LeaseStore _store;
    private readonly string _name;
    private readonly string _owner;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewing;

    private HeldLease(LeaseStore store, string name, string owner, TimeSpan duration, TimeProvider clock, ILogger logger)
    {
        (_store, _name, _owner, _logger) = (store, name, owner, logger);
        _renewing = RenewAsync(duration, clock);
    }

    public CancellationToken Lost => _lost.Token;

    public static async Task<HeldLease?> TryAcquireAsync(
        LeaseStore store, string name, TimeSpan duration, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return await store.TryAcquireAsync(name, owner, duration, ct)
            ? new HeldLease(store, name, owner, duration, clock, logger)
            : null;
    }

    // A renewal that fails may still be followed by one that succeeds before the lease runs out; a refused one means
    // another worker took the lease over while this one stalled.
    private async Task RenewAsync(TimeSpan duration, TimeProvider clock)
    {
        if (!await Renewal.RunAsync(duration / 3, clock, ct => _store.TryAcquireAsync(_name, _owner, duration, ct), _logger,
                $"lease {_name}", _stop.Token))
            return;
        _logger.LogWarning("Lease {Lease} was taken over by another worker; stopping", _name);
        await _lost.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        try
        {
            await _store.ReleaseAsync(_name, _owner, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not release lease {Lease}; it expires on its own", _name);
        }
        _stop.Dispose();
        _lost.Dispose();
    }
}
