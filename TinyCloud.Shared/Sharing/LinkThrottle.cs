using Microsoft.Extensions.Options;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Sharing;

/// <summary>
/// The request budget of anonymous link routes: a one-minute window per client address (over all links) and one per
/// link (from all addresses), in a collection of their own, so probing links spends nobody's login budget. Each
/// request is admitted by one conditional upsert per counter, before the link is even looked up.
/// </summary>
public sealed class LinkThrottle(IMongoDatabase db, IOptions<SharesOptions> options, TimeProvider clock) : IHasIndexes
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly IMongoCollection<ThrottleCounter> _counters = db.GetCollection<ThrottleCounter>("link_throttle");
    private readonly ExpiredPurge _purge = new(clock);

    public Task EnsureIndexesAsync(CancellationToken ct) => _counters.Indexes.CreateOneAsync(
        new CreateIndexModel<ThrottleCounter>(Builders<ThrottleCounter>.IndexKeys.Ascending(c => c.ExpiresAt)), cancellationToken: ct);

    /// <summary>Admits and counts one request for <paramref name="link"/> (its route text): null, or how long to wait.</summary>
    public async Task<TimeSpan?> TryAdmitAsync(string address, string link, CancellationToken ct)
    {
        await _purge.RunAsync(now => _counters.DeleteManyAsync(c => c.ExpiresAt < now, ct));
        var limits = options.Value;
        if (await FixedWindow.TryAdmitAsync(_counters, $"addr:{address}", limits.RequestsPerAddressPerMinute, Window, clock, ct) is { } busy)
            return busy;
        if (await FixedWindow.TryAdmitAsync(_counters, $"link:{link}", limits.RequestsPerLinkPerMinute, Window, clock, ct) is { } hot)
        {
            await FixedWindow.UncountAsync(_counters, $"addr:{address}", Window, clock, ct);
            return hot;
        }
        return null;
    }
}

/// <summary>The login throttle's counters for link passwords, kept apart from logins (see <see cref="LoginThrottle"/>).</summary>
public sealed class LinkPasswordThrottle(IMongoDatabase db, IOptions<LoginOptions> options, TimeProvider clock)
    : LoginThrottle(db, options, clock, "link_password_throttle");
