using System.Security.Cryptography;
using System.Text;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

/// <summary>What a personal access token may do; a token reaches no route outside its scopes, and no account route at all.</summary>
public static class TokenScopes
{
    public const string FilesRead = "files:read";
    public const string FilesWrite = "files:write";
    public const string SharesWrite = "shares:write";

    public static readonly IReadOnlyList<string> All = [FilesRead, FilesWrite, SharesWrite];
}

/// <summary>A personal access token as stored: the SHA-256 of its secret, never the secret.</summary>
public sealed class AccessTokenDocument
{
    public ObjectId Id { get; set; }
    public long UserId { get; set; }
    public string Name { get; set; } = "";
    public string[] Scopes { get; set; } = [];
    public string SecretHash { get; set; } = "";
    /// <summary>A digest of the password hash the token was made under: a changed or reset password ends it at once.</summary>
    public string PasswordStamp { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>
/// Personal access tokens for scripts (<c>access_tokens</c>): <c>tc_pat_</c> and 256 random bits, shown once, stored
/// as their hash. One read finds a token; its last use is written at most once a minute.
/// </summary>
public sealed class AccessTokens(IMongoDatabase db, TimeProvider clock) : IHasIndexes
{
    public const string Prefix = "tc_pat_";
    public const int MaxPerUser = 50;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    private readonly IMongoCollection<AccessTokenDocument> _tokens = db.GetCollection<AccessTokenDocument>("access_tokens");

    public Task EnsureIndexesAsync(CancellationToken ct) => _tokens.Indexes.CreateManyAsync(
    [
        new CreateIndexModel<AccessTokenDocument>(Builders<AccessTokenDocument>.IndexKeys.Ascending(t => t.SecretHash),
            new CreateIndexOptions { Unique = true }),
        new CreateIndexModel<AccessTokenDocument>(Builders<AccessTokenDocument>.IndexKeys.Ascending(t => t.UserId).Ascending(t => t.Id)),
    ], ct);

    /// <summary>
    /// A new token and its secret (the only time it exists outside the caller's hands); null when the user has too many.
    /// The token is inserted first and counted after, and taken back when the count passes the cap: of creations racing at
    /// the cap, the last one inserted sees every survivor, so the cap holds (a racer may be refused that could have fit).
    /// </summary>
    public async Task<(AccessTokenDocument Token, string Secret)?> CreateAsync(
        UserDocument user, string name, IEnumerable<string> scopes, TimeSpan lifetime, CancellationToken ct)
    {
        if (await CountAsync(user.Id, ct) >= MaxPerUser)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = Prefix + Secrets.New(32);
        var token = new AccessTokenDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = user.Id, Name = name, Scopes = scopes.Distinct().Order(StringComparer.Ordinal).ToArray(),
            SecretHash = Secrets.Hash(secret), PasswordStamp = Stamp(user.PasswordHash), CreatedAt = now, ExpiresAt = now + lifetime,
        };
        await _tokens.InsertOneAsync(token, cancellationToken: ct);
        if (await CountAsync(user.Id, ct) <= MaxPerUser)
            return (token, secret);
        await _tokens.DeleteOneAsync(t => t.UserId == user.Id && t.Id == token.Id, CancellationToken.None);
        return null;
    }

    private Task<long> CountAsync(long userId, CancellationToken ct) =>
        _tokens.CountDocumentsAsync(t => t.UserId == userId, new CountOptions { Limit = MaxPerUser + 1 }, ct);

    /// <summary>The live token with this secret; null when unknown, revoked or expired.</summary>
    public async Task<AccessTokenDocument?> FindLiveAsync(string secret, CancellationToken ct)
    {
        var hash = Secrets.Hash(secret);
        var token = await _tokens.Find(t => t.SecretHash == hash).FirstOrDefaultAsync(ct);
        return token is not null && token.ExpiresAt > clock.GetUtcNow().UtcDateTime ? token : null;
    }

    /// <summary>Whether <paramref name="token"/> was made under the user's current password.</summary>
    public static bool IsCurrent(AccessTokenDocument token, UserDocument user) =>
        user.PasswordHash.Length > 0 && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(token.PasswordStamp), Encoding.ASCII.GetBytes(Stamp(user.PasswordHash)));

    /// <summary>Records a use, at most once a minute: no write for most requests.</summary>
    public async Task TouchAsync(AccessTokenDocument token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is { } last && now - last < UseResolution)
            return;
        var before = now - UseResolution;
        await _tokens.UpdateOneAsync(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt < before),
            Builders<AccessTokenDocument>.Update.Set(t => t.LastUsedAt, now), cancellationToken: ct);
    }

    public async Task<List<AccessTokenDocument>> ListAsync(long userId, CancellationToken ct) =>
        await _tokens.Find(t => t.UserId == userId).SortBy(t => t.UserId).ThenBy(t => t.Id).ToListAsync(ct);

    public async Task<bool> RevokeAsync(long userId, ObjectId id, CancellationToken ct) =>
        (await _tokens.DeleteOneAsync(t => t.UserId == userId && t.Id == id, ct)).DeletedCount == 1;

    public async Task<long> RevokeAllAsync(long userId, CancellationToken ct) =>
        (await _tokens.DeleteManyAsync(t => t.UserId == userId, ct)).DeletedCount;

    private static string Stamp(string passwordHash) => Secrets.Hash(passwordHash)[..32];
}
