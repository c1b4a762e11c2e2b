using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Uploads;

/// <summary>Extends a pending entry's claim while its upload runs, so a crashed worker's claim lapses within minutes.</summary>
internal sealed class ClaimRenewer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public ClaimRenewer(EntryStore entries, EntryDocument pending, TimeProvider clock, ILogger logger) =>
        _renewing = RenewAsync(entries, pending, clock, logger);

    // A refused renewal means the entry was made ready, given up or taken by a removal: nothing is left to hold.
    private Task RenewAsync(EntryStore entries, EntryDocument pending, TimeProvider clock, ILogger logger) =>
        Renewal.RunAsync(PendingUploads.ClaimRenewal, clock,
            ct => entries.RenewClaimAsync(pending.UserId, pending.Id, clock.GetUtcNow().UtcDateTime + PendingUploads.ClaimLease, ct),
            logger, $"the claim of upload {pending.Id}", _stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }
}
