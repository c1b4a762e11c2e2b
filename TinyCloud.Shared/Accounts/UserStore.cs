using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

public enum RegisterOutcome { Created, NameTaken, EmailTaken }

public sealed partial class UserStore(IMongoDatabase db) : IHasUniqueIndexes
{
    public const string NameIndex = "user_name_key_unique";
    public const string EmailIndex = "user_email_unique";

    public const string CollectionName = "users";

    private readonly IMongoCollection<UserDocument> _users = db.GetCollection<UserDocument>(CollectionName);
    private readonly IMongoCollection<BsonDocument> _counters = db.GetCollection<BsonDocument>("counters");

    public Task EnsureIndexesAsync(CancellationToken ct) => _users.Indexes.CreateManyAsync(
    [
        new CreateIndexModel<UserDocument>(Builders<UserDocument>.IndexKeys.Ascending(u => u.UserNameKey),
            new CreateIndexOptions { Name = NameIndex, Unique = true }),
        new CreateIndexModel<UserDocument>(Builders<UserDocument>.IndexKeys.Ascending(u => u.UserEmail),
            new CreateIndexOptions { Name = EmailIndex, Unique = true }),
        // TempCleanup's orphan sweep asks which blob names are avatars.
        new CreateIndexModel<UserDocument>(Builders<UserDocument>.IndexKeys.Ascending(u => u.Avatar)),
        // TempCleanup's quota step reads only the users whose counters changed.
        new CreateIndexModel<UserDocument>(Builders<UserDocument>.IndexKeys.Ascending(u => u.QuotaChanged)),
        // TempCleanup's account step reads only deleted accounts.
        new CreateIndexModel<UserDocument>(Builders<UserDocument>.IndexKeys.Ascending(u => u.Closing!.StartedAt)),
    ], ct);

    public async Task<long> NextUserIdAsync(CancellationToken ct)
    {
        var counter = await _counters.FindOneAndUpdateAsync(
            Builders<BsonDocument>.Filter.Eq("_id", "user_id"),
            Builders<BsonDocument>.Update.Inc("seq", 1L),
            new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
            ct);
        return counter["seq"].ToInt64();
    }

    public async Task<RegisterOutcome> TryInsertAsync(UserDocument user, CancellationToken ct)
    {
        try
        {
            await _users.InsertOneAsync(user, cancellationToken: ct);
            return RegisterOutcome.Created;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            // Ask which key clashed rather than parse the server's message (its wording differs between servers).
            return await _users.Find(u => u.UserEmail == user.UserEmail).AnyAsync(ct)
                ? RegisterOutcome.EmailTaken
                : RegisterOutcome.NameTaken;
        }
    }

    /// <summary>
    /// Takes <paramref name="userName"/> with an inert account that no login can reach (its email is not an address
    /// and it has no password), as a registration whose email was already taken would have; false when the name is taken.
    /// </summary>
    public async Task<bool> TryHoldNameAsync(long userId, string userName, DateTime now, CancellationToken ct) =>
        await TryInsertAsync(new UserDocument
        {
            Id = userId, UserName = userName, UserNameKey = userName.ToLowerInvariant(), UserEmail = $"held:{userId}",
            CreatedAt = now,
        }, ct) == RegisterOutcome.Created;

    public async Task<UserDocument?> FindByIdAsync(long userId, CancellationToken ct) =>
        await _users.Find(u => u.Id == userId).FirstOrDefaultAsync(ct);

    public async Task<UserDocument?> FindByEmailAsync(string email, CancellationToken ct) =>
        await _users.Find(u => u.UserEmail == email).FirstOrDefaultAsync(ct);

    public async Task<UserDocument?> FindByNameAsync(string userName, CancellationToken ct) =>
        await _users.Find(u => u.UserNameKey == userName.ToLowerInvariant()).FirstOrDefaultAsync(ct);

    public async Task<UserDocument?> RaiseJwtEpochAsync(long userId, CancellationToken ct) =>
        await _users.FindOneAndUpdateAsync(u => u.Id == userId,
            Builders<UserDocument>.Update.Inc(u => u.JwtEpoch, 1).Set(u => u.Sessions, []),
            new FindOneAndUpdateOptions<UserDocument> { ReturnDocument = ReturnDocument.After }, cancellationToken: ct);

    public async Task<bool> SetVerifiedAsync(string userName, CancellationToken ct) =>
        (await _users.UpdateOneAsync(u => u.UserNameKey == userName.ToLowerInvariant(),
            Builders<UserDocument>.Update.Set(u => u.Verified, true), cancellationToken: ct)).MatchedCount == 1;

    /// <summary>Sets the avatar and returns the blob name it replaced, if any.</summary>
    public async Task<string?> SetAvatarAsync(long userId, string blobName, CancellationToken ct)
    {
        var before = await _users.FindOneAndUpdateAsync(u => u.Id == userId,
            Builders<UserDocument>.Update.Set(u => u.Avatar, blobName),
            new FindOneAndUpdateOptions<UserDocument> { ReturnDocument = ReturnDocument.Before }, ct);
        return before?.Avatar;
    }

    /// <summary>Up to <paramref name="limit"/> users after <paramref name="after"/>, in id order, in one batch.</summary>
    public async Task<List<UserDocument>> PageAsync(long after, int limit, CancellationToken ct) =>
        await _users.Find(u => u.Id > after, new FindOptions { BatchSize = limit }).SortBy(u => u.Id).Limit(limit).ToListAsync(ct);

    /// <summary>Users whose quota counters changed since their last check, after <paramref name="after"/>, in id order.</summary>
    public async Task<List<UserDocument>> QuotaChangedPageAsync(long after, CancellationToken ct) =>
        await _users.Find(u => u.QuotaChanged == true && u.Id > after, new FindOptions { BatchSize = 100 })
            .SortBy(u => u.Id).Limit(100).ToListAsync(ct);

    /// <summary>Clears the quota flag, only if the counters are still what <paramref name="seen"/> read.</summary>
    public async Task<bool> TryMarkQuotaCheckedAsync(UserDocument seen, CancellationToken ct) =>
        (await _users.UpdateOneAsync(
            u => u.Id == seen.Id && u.QuotaBytes == seen.QuotaBytes && u.UsedBytes == seen.UsedBytes
                && u.ReservedBytes == seen.ReservedBytes && u.FreeBytes == seen.FreeBytes,
            Builders<UserDocument>.Update.Unset(u => u.QuotaChanged), cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>Which of these blob names are avatars.</summary>
    public async Task<List<string>> FindAvatarsAsync(IEnumerable<string> blobNames, CancellationToken ct) =>
        (await _users.Find(Builders<UserDocument>.Filter.In(u => u.Avatar, blobNames)).Project(u => u.Avatar).ToListAsync(ct))
        .OfType<string>().ToList();

    /// <summary>Sets the quota counters, only if they are still what <paramref name="seen"/> read.</summary>
    public async Task<bool> TrySetQuotaCountersAsync(UserDocument seen, long used, long reserved, CancellationToken ct) =>
        (await _users.UpdateOneAsync(
            u => u.Id == seen.Id && u.QuotaBytes == seen.QuotaBytes && u.UsedBytes == seen.UsedBytes
                && u.ReservedBytes == seen.ReservedBytes && u.FreeBytes == seen.FreeBytes,
            Builders<UserDocument>.Update.Set(u => u.UsedBytes, used).Set(u => u.ReservedBytes, reserved)
                .Set(u => u.FreeBytes, seen.QuotaBytes - used - reserved),
            cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>
    /// Adds a session to the user's live ones, only while their jwt_epoch is still <paramref name="epoch"/> (the one its
    /// token carries): false when a log-out everywhere raised it meanwhile, so a revoked token is never listed as live.
    /// </summary>
    /// The password hash must still be <paramref name="passwordHash"/> too: a login whose password was changed or reset
    /// (or whose account was deleted) while it ran gets no session.
    public async Task<bool> AddSessionAsync(long userId, int epoch, string passwordHash, SessionRef session, int max, DateTime now, CancellationToken ct)
    {
        var update = Builders<UserDocument>.Update;
        await _users.UpdateOneAsync(u => u.Id == userId, update.PullFilter(u => u.Sessions, s => s.ExpiresAt < now), cancellationToken: ct);
        return (await _users.UpdateOneAsync(u => u.Id == userId && u.JwtEpoch == epoch && u.PasswordHash == passwordHash,
            update.PushEach(u => u.Sessions, [session], slice: -max), cancellationToken: ct)).ModifiedCount == 1;
    }

    /// <summary>Ends one session id of the user; false when the user had no such session.</summary>
    public async Task<bool> RemoveSessionAsync(long userId, string sessionId, CancellationToken ct) =>
        (await _users.UpdateOneAsync(u => u.Id == userId,
            Builders<UserDocument>.Update.PullFilter(u => u.Sessions, s => s.Id == sessionId), cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>
    /// Sets a new password hash and ends every session (jwt_epoch raised, allow-list emptied), in one update, only while
    /// the hash is still <paramref name="seenHash"/> (null: whatever it is) and the account is not deleted. The user
    /// after the change, or null when it did not happen.
    /// </summary>
    public async Task<UserDocument?> TrySetPasswordAsync(long userId, string? seenHash, string newHash, CancellationToken ct)
    {
        var filter = Builders<UserDocument>.Filter.Eq(u => u.Id, userId) & Builders<UserDocument>.Filter.Eq(u => u.Closing, null);
        if (seenHash is not null)
            filter &= Builders<UserDocument>.Filter.Eq(u => u.PasswordHash, seenHash);
        return await _users.FindOneAndUpdateAsync(filter,
            Builders<UserDocument>.Update.Set(u => u.PasswordHash, newHash).Inc(u => u.JwtEpoch, 1).Set(u => u.Sessions, []),
            new FindOneAndUpdateOptions<UserDocument> { ReturnDocument = ReturnDocument.After }, ct);
    }

    /// <summary>Marks the email verified, only while the account still has <paramref name="email"/>.</summary>
    public async Task<bool> SetEmailVerifiedAsync(long userId, string email, CancellationToken ct) =>
        (await _users.UpdateOneAsync(u => u.Id == userId && u.UserEmail == email && u.Closing == null,
            Builders<UserDocument>.Update.Set(u => u.EmailVerified, true), cancellationToken: ct)).MatchedCount == 1;

    /// <summary>
    /// Deletes the account as the world sees it, in one update, only while its password hash is still
    /// <paramref name="seenHash"/>: no password (no login), no session, its email freed (it can register again), the
    /// name kept (held, so no old link ever points at someone else's files). Null when it did not happen.
    /// </summary>
    public async Task<UserDocument?> TryCloseAsync(long userId, string seenHash, DateTime now, CancellationToken ct) =>
        await _users.FindOneAndUpdateAsync(u => u.Id == userId && u.PasswordHash == seenHash && u.Closing == null,
            Builders<UserDocument>.Update.Set(u => u.PasswordHash, "").Set(u => u.UserEmail, $"deleted:{userId}")
                .Set(u => u.EmailVerified, false).Set(u => u.Verified, false).Inc(u => u.JwtEpoch, 1).Set(u => u.Sessions, [])
                .Set(u => u.Closing, new AccountClosing { StartedAt = now }),
            new FindOneAndUpdateOptions<UserDocument> { ReturnDocument = ReturnDocument.After }, ct);

    /// <summary>Deleted accounts whose erasure is unfinished or finished after <paramref name="since"/>, after <paramref name="after"/>, in id order.</summary>
    public async Task<List<UserDocument>> ClosingPageAsync(DateTime since, long after, CancellationToken ct) =>
        await _users.Find(Builders<UserDocument>.Filter.Gt(u => u.Closing!.StartedAt, DateTime.MinValue)
                & (Builders<UserDocument>.Filter.Eq(u => u.Closing!.FinishedAt, null) | Builders<UserDocument>.Filter.Gt(u => u.Closing!.FinishedAt, since))
                & Builders<UserDocument>.Filter.Gt(u => u.Id, after), new FindOptions { BatchSize = 100 })
            .SortBy(u => u.Id).Limit(100).ToListAsync(ct);

    /// <summary>The erasure ran to its end: the counters are zero, the avatar gone, and when it finished is recorded.</summary>
    public Task FinishClosingAsync(long userId, DateTime now, CancellationToken ct) =>
        _users.UpdateOneAsync(u => u.Id == userId && u.Closing != null,
            Builders<UserDocument>.Update.Set(u => u.Closing!.FinishedAt, now).Set(u => u.Avatar, null).Set(u => u.QuotaBytes, 0)
                .Set(u => u.UsedBytes, 0).Set(u => u.ReservedBytes, 0).Set(u => u.FreeBytes, 0).Unset(u => u.QuotaChanged),
            cancellationToken: ct);
}
