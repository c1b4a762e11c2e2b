using MongoDB.Driver;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// Fixed-window limits on the account routes that mail or take tokens (<c>account_throttle</c>, shared by every worker):
/// per client address and per account, each one conditional upsert, as <see cref="LoginThrottle"/>'s windows are.
/// </summary>
public sealed class AccountThrottle(IMongoDatabase db, IOptions<AccountsOptions> options, TimeProvider clock) : IHasIndexes
{
    private readonly IMongoCollection<ThrottleCounter> _counters = db.GetCollection<ThrottleCounter>("account_throttle");
    private readonly AccountsOptions _limits = options.Value;
    private readonly ExpiredPurge _purge = new(clock);

    public Task EnsureIndexesAsync(CancellationToken ct) => _counters.Indexes.CreateOneAsync(
        new CreateIndexModel<ThrottleCounter>(Builders<ThrottleCounter>.IndexKeys.Ascending(c => c.ExpiresAt)), cancellationToken: ct);

    /// <summary>Counts one request of <paramref name="route"/> from the address: null when admitted, else how long to wait.</summary>
    public async Task<TimeSpan?> TryAddressAsync(string route, string address, CancellationToken ct)
    {
        await _purge.RunAsync(now => _counters.DeleteManyAsync(c => c.ExpiresAt < now, ct));
        return await FixedWindow.TryAdmitAsync(_counters, $"{route}:addr:{address}", _limits.MailRequestsPerAddress, _limits.ThrottleWindow, clock, ct);
    }

    /// <summary>Counts one request of <paramref name="route"/> for the account (an email or a user id): null when admitted.</summary>
    public Task<TimeSpan?> TryAccountAsync(string route, string account, CancellationToken ct) =>
        FixedWindow.TryAdmitAsync(_counters, $"{route}:acct:{account}", _limits.MailRequestsPerAccount, _limits.ThrottleWindow, clock, ct);
}
