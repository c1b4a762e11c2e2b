using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

public enum RegisterOutcome { Created, NameTaken, EmailTaken }

public sealed class UserStore(IMongoDatabase db) : IHasIndexes
{
    public const string NameIndex = "user_name_key_unique";
    public const string EmailIndex = "user_email_unique";

    private readonly IMongoCollection<UserDocument> _users = db.GetCollection<UserDocument>("users");
    private readonly IMongoCollection<BsonDocument> _counters = db.GetCollection<BsonDocument>("counters");

    public IMongoCollection<UserDocument> Collection => _users;

    public Task EnsureIndexesAsync(CancellationToken ct) => _users.Indexes.CreateManyAsync(
    [
        new CreateIndexModel<UserDocument>(Builders<UserDocument>.IndexKeys.Ascending(u => u.UserNameKey),
            new CreateIndexOptions { Name = NameIndex, Unique = true }),
        new CreateIndexModel<UserDocument>(Builders<UserDocument>.IndexKeys.Ascending(u => u.UserEmail),
            new CreateIndexOptions { Name = EmailIndex, Unique = true }),
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
}
