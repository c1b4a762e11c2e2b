using System.Security.Cryptography;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

public static class TokenPurposes
{
    public const string PasswordReset = "password-reset";
    public const string VerifyEmail = "verify-email";
}

/// <summary>A single-use token as stored: only the SHA-256 of the token (its id), never the token itself.</summary>
public sealed class AccountTokenDocument
{
    public string Id { get; set; } = "";
    public long UserId { get; set; }
    public string Purpose { get; set; } = "";
    /// <summary>The address the token was mailed to: it is good only while the account still has that address.</summary>
    public string Email { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    public bool IsLive(DateTime now) => ExpiresAt > now;
}

/// <summary>
/// The tokens mailed in links (<c>account_tokens</c>): 256 random bits, stored as their hash, used once. Using one is one
/// find-and-delete, so of two parallel uses exactly one gets it; its expiry is checked then, not left to a cleanup.
/// </summary>
public sealed class AccountTokens(IMongoDatabase db, TimeProvider clock) : IHasIndexes
{
    public const string CollectionName = "account_tokens";

    private readonly IMongoCollection<AccountTokenDocument> _tokens = db.GetCollection<AccountTokenDocument>(CollectionName);
    private readonly ExpiredPurge _purge = new(clock);

    public Task EnsureIndexesAsync(CancellationToken ct) => _tokens.Indexes.CreateManyAsync(
    [
        new CreateIndexModel<AccountTokenDocument>(Builders<AccountTokenDocument>.IndexKeys.Ascending(t => t.UserId)),
        new CreateIndexModel<AccountTokenDocument>(Builders<AccountTokenDocument>.IndexKeys.Ascending(t => t.ExpiresAt)),
    ], ct);

    /// <summary>A new token for the user; the caller mails it. <paramref name="userId"/> 0 makes one no use can redeem.</summary>
    public async Task<string> IssueAsync(long userId, string purpose, string email, TimeSpan lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await _purge.RunAsync(at => _tokens.DeleteManyAsync(t => t.ExpiresAt < at, ct));
        var token = Secrets.New(32);
        await _tokens.InsertOneAsync(new AccountTokenDocument
        {
            Id = Hash(token), UserId = userId, Purpose = purpose, Email = email, CreatedAt = now, ExpiresAt = now + lifetime,
        }, cancellationToken: ct);
        return token;
    }

    /// <summary>Takes the token (it can never be used again); null when unknown, used, for another purpose or expired.</summary>
    public async Task<AccountTokenDocument?> TakeAsync(string purpose, string token, CancellationToken ct)
    {
        var id = Hash(token);
        var taken = await _tokens.FindOneAndDeleteAsync(t => t.Id == id && t.Purpose == purpose, cancellationToken: ct);
        return taken is not null && taken.UserId != 0 && taken.IsLive(clock.GetUtcNow().UtcDateTime) ? taken : null;
    }

    /// <summary>Deletes the user's outstanding tokens of <paramref name="purpose"/> (every purpose when null).</summary>
    public async Task<long> RevokeAsync(long userId, string? purpose, CancellationToken ct)
    {
        var filter = Builders<AccountTokenDocument>.Filter.Eq(t => t.UserId, userId);
        if (purpose is not null)
            filter &= Builders<AccountTokenDocument>.Filter.Eq(t => t.Purpose, purpose);
        return (await _tokens.DeleteManyAsync(filter, ct)).DeletedCount;
    }

    public static string Hash(string token) => Secrets.Hash(token);

}
