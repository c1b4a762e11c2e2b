using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

public sealed class LoginFailure
{
    public ObjectId Id { get; set; }
    public string Email { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>
/// Failed logins per email, kept in MongoDB (with a TTL index) so every worker instance sees the same count.
/// </summary>
public sealed class LoginThrottle(IMongoDatabase db, TimeProvider clock) : IHasIndexes
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly IMongoCollection<LoginFailure> _failures = db.GetCollection<LoginFailure>("login_failures");

    public Task EnsureIndexesAsync(CancellationToken ct) => _failures.Indexes.CreateManyAsync(
    [
        new CreateIndexModel<LoginFailure>(Builders<LoginFailure>.IndexKeys.Ascending(f => f.Email).Descending(f => f.At)),
        new CreateIndexModel<LoginFailure>(Builders<LoginFailure>.IndexKeys.Ascending(f => f.At),
            new CreateIndexOptions { ExpireAfter = Window }),
    ], ct);

    /// <summary>How long the caller must wait before trying this email again, or null when it may try now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string email, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recent = await _failures.Find(f => f.Email == email && f.At > now - Window)
            .SortByDescending(f => f.At).Limit(MaxFailures).ToListAsync(ct);
        if (recent.Count < MaxFailures)
            return null;
        // Allowed again once the oldest of the last five failures leaves the window.
        var wait = recent[^1].At + Window - now;
        return wait > TimeSpan.Zero ? wait : null;
    }

    public Task RecordFailureAsync(string email, CancellationToken ct) =>
        _failures.InsertOneAsync(new LoginFailure { Email = email, At = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct);

    public Task ClearAsync(string email, CancellationToken ct) => _failures.DeleteManyAsync(f => f.Email == email, ct);
}
