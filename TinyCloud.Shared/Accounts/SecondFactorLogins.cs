using System.Security.Cryptography;
using System.Text;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

/// <summary>A login that passed its password and waits for its second factor: stored as the hash of its token.</summary>
public sealed class SecondFactorLogin
{
    public string Id { get; set; } = "";
    public long UserId { get; set; }
    public int Failures { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// The half-done logins (<c>second_factor_logins</c>): a token of 256 random bits good for 5 minutes, for
/// login-second-factor only; each wrong code counts against it, and at <see cref="MaxFailures"/> it dies.
/// </summary>
public sealed class SecondFactorLogins(IMongoDatabase db, TimeProvider clock) : IHasIndexes
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IMongoCollection<SecondFactorLogin> _logins = db.GetCollection<SecondFactorLogin>("second_factor_logins");
    private readonly ExpiredPurge _purge = new(clock);

    public Task EnsureIndexesAsync(CancellationToken ct) => _logins.Indexes.CreateOneAsync(
        new CreateIndexModel<SecondFactorLogin>(Builders<SecondFactorLogin>.IndexKeys.Ascending(l => l.ExpiresAt)), cancellationToken: ct);

    public async Task<string> IssueAsync(long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await _purge.RunAsync(at => _logins.DeleteManyAsync(l => l.ExpiresAt < at, ct));
        var token = Secrets.New(32);
        await _logins.InsertOneAsync(new SecondFactorLogin { Id = Secrets.Hash(token), UserId = userId, ExpiresAt = now + Lifetime }, cancellationToken: ct);
        return token;
    }

    /// <summary>The live login of this token; null when unknown, used, dead or expired.</summary>
    public async Task<SecondFactorLogin?> FindAsync(string token, CancellationToken ct)
    {
        var id = Secrets.Hash(token);
        var login = await _logins.Find(l => l.Id == id).FirstOrDefaultAsync(ct);
        return login is not null && login.ExpiresAt > clock.GetUtcNow().UtcDateTime && login.Failures < MaxFailures ? login : null;
    }

    /// <summary>Counts a wrong code; the login dies at the last one.</summary>
    public async Task FailAsync(SecondFactorLogin login, CancellationToken ct)
    {
        var after = await _logins.FindOneAndUpdateAsync(l => l.Id == login.Id, Builders<SecondFactorLogin>.Update.Inc(l => l.Failures, 1),
            new FindOneAndUpdateOptions<SecondFactorLogin> { ReturnDocument = ReturnDocument.After }, ct);
        if (after is { Failures: >= MaxFailures })
            await _logins.DeleteOneAsync(l => l.Id == login.Id, ct);
    }

    /// <summary>Ends the login (it has its session now, or never will): true for the one call that ended it.</summary>
    public async Task<bool> TakeAsync(SecondFactorLogin login, CancellationToken ct) =>
        (await _logins.DeleteOneAsync(l => l.Id == login.Id, ct)).DeletedCount == 1;

}
