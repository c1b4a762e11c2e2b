using MongoDB.Driver;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// Brute-force throttling, shared by every worker instance through MongoDB. Each attempt is admitted, and counted,
/// before its password is checked, by single-document atomic updates, so parallel attempts cannot get more checks
/// than the limits allow. Three counters (OWASP): per email and client address, exponential back-off; per address,
/// across all emails; per email, from all addresses, higher, so one client cannot lock the owner out.
/// A link's unlock route keeps the same counters in a collection of its own (<c>LinkPasswordThrottle</c>), so guessing a
/// link's password never spends anyone's login budget.
/// </summary>
public class LoginThrottle(IMongoDatabase db, IOptions<LoginOptions> options, TimeProvider clock, string collection = "login_throttle")
    : IHasIndexes
{
    private readonly IMongoCollection<ThrottleCounter> _counters = db.GetCollection<ThrottleCounter>(collection);
    private readonly LoginOptions _limits = options.Value;
    private readonly ExpiredPurge _purge = new(clock);

    public Task EnsureIndexesAsync(CancellationToken ct) => _counters.Indexes.CreateOneAsync(
        new CreateIndexModel<ThrottleCounter>(Builders<ThrottleCounter>.IndexKeys.Ascending(c => c.ExpiresAt)), cancellationToken: ct);

    /// <summary>Admits and counts one attempt: null when its password may be checked, else how long to wait.</summary>
    public async Task<TimeSpan?> TryBeginAsync(string email, string address, CancellationToken ct)
    {
        await _purge.RunAsync(now => _counters.DeleteManyAsync(c => c.ExpiresAt < now, ct));
        var window = _limits.Window;
        if (await PairBackoff.TryAdmitAsync(_counters, PairKey(email, address), _limits, clock, ct) is { } backoff)
            return backoff;
        if (await FixedWindow.TryAdmitAsync(_counters, $"addr:{address}", _limits.FailuresPerAddress, window, clock, ct) is { } busy)
        {
            await PairBackoff.ForgetOneAsync(_counters, PairKey(email, address), ct);
            return busy;
        }
        if (await FixedWindow.TryAdmitAsync(_counters, $"acct:{email}", _limits.FailuresPerAccount, window, clock, ct) is { } hot)
        {
            await PairBackoff.ForgetOneAsync(_counters, PairKey(email, address), ct);
            await FixedWindow.UncountAsync(_counters, $"addr:{address}", window, clock, ct);
            return hot;
        }
        return null;
    }

    /// <summary>
    /// A logged-in user's password asked for again (to change it, make a token, turn two-factor sign-in on or off, delete
    /// the account), counted as a login: null when it is right, else why not.
    /// </summary>
    public async Task<CredentialOutcome?> CheckPasswordAsync(UserDocument user, string password, string address, CancellationToken ct)
    {
        if (await TryBeginAsync(user.UserEmail, address, ct) is { } wait)
            return CredentialOutcome.Wait(wait);
        if (!await Task.Run(() => PasswordHasher.Verify(password, user.PasswordHash), ct))
            return CredentialOutcome.Failed(CredentialProblem.WrongPassword);
        await SucceededAsync(user.UserEmail, address, ct);
        return null;
    }

    /// <summary>A right password: the pair starts over, and the attempt no longer counts against address or email.</summary>
    public async Task SucceededAsync(string email, string address, CancellationToken ct)
    {
        await _counters.DeleteOneAsync(c => c.Id == PairKey(email, address), ct);
        await FixedWindow.UncountAsync(_counters, $"addr:{address}", _limits.Window, clock, ct);
        await FixedWindow.UncountAsync(_counters, $"acct:{email}", _limits.Window, clock, ct);
    }

    private static string PairKey(string email, string address) => $"pair:{email}|{address}";
}

public sealed class ThrottleCounter
{
    public string Id { get; set; } = "";
    public int Count { get; set; }
    public DateTime BlockedUntil { get; set; }
    /// <summary>After this the counter means nothing; the throttle deletes such documents itself (no TTL index).</summary>
    public DateTime ExpiresAt { get; set; }
}
