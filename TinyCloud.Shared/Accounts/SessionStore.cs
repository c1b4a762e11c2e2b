using System.Security.Cryptography;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

public sealed class SessionDocument
{
    public string Id { get; set; } = "";
    public long UserId { get; set; }
    public string Device { get; set; } = "";
    /// <summary>The jwt_epoch it was started at: ending every session up to an epoch spares one started after it.</summary>
    public int Epoch { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastUsedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// One session per login. The user document holds the allow-list of live session ids (so authenticating stays one
/// read); <c>sessions</c> holds what the user sees of each: device, creation and last use.
/// </summary>
public sealed class SessionStore(IMongoDatabase db, UserStore users, TimeProvider clock) : IHasIndexes
{
    public const int MaxPerUser = 50;
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);

    private readonly IMongoCollection<SessionDocument> _sessions = db.GetCollection<SessionDocument>("sessions");
    private readonly ExpiredPurge _purge = new(clock);
    private readonly LastTouches _touches = new();

    public Task EnsureIndexesAsync(CancellationToken ct) => _sessions.Indexes.CreateManyAsync(
    [
        // list-sessions sorts by (user_id, last_used_at): exactly these keys, as Cosmos DB RU wants for a sort.
        new CreateIndexModel<SessionDocument>(Builders<SessionDocument>.IndexKeys.Descending(s => s.UserId).Descending(s => s.LastUsedAt)),
        new CreateIndexModel<SessionDocument>(Builders<SessionDocument>.IndexKeys.Ascending(s => s.ExpiresAt)),
    ], ct);

    /// <summary>A new session of the user at <paramref name="epoch"/>; null when their jwt_epoch has moved on since it was read.</summary>
    public async Task<SessionDocument?> StartAsync(long userId, int epoch, string passwordHash, string device, TimeSpan lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await _purge.RunAsync(at => _sessions.DeleteManyAsync(s => s.ExpiresAt < at, ct));
        var session = new SessionDocument
        {
            Id = Secrets.New(16), UserId = userId, Device = device, Epoch = epoch,
            CreatedAt = now, LastUsedAt = now, ExpiresAt = now + lifetime,
        };
        await _sessions.InsertOneAsync(session, cancellationToken: ct);
        // Drop expired ids, then add this one, keeping the newest MaxPerUser.
        if (await users.AddSessionAsync(userId, epoch, passwordHash, new SessionRef { Id = session.Id, ExpiresAt = session.ExpiresAt }, MaxPerUser, now, ct))
            return session;
        await _sessions.DeleteOneAsync(s => s.Id == session.Id && s.UserId == userId, ct);
        return null;
    }

    public static bool IsLive(UserDocument user, string sessionId, DateTime now) =>
        user.Sessions.Any(s => s.Id == sessionId && s.ExpiresAt > now);

    /// <summary>Records a use, at most once per <see cref="TouchInterval"/> per session and process: not a write per request.</summary>
    public Task TouchAsync(string sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!_touches.Due(sessionId, now, TouchInterval))
            return Task.CompletedTask;
        return _sessions.UpdateOneAsync(s => s.Id == sessionId && s.LastUsedAt < now - TouchInterval,
            Builders<SessionDocument>.Update.Set(s => s.LastUsedAt, now), cancellationToken: ct);
    }

    public async Task<List<SessionDocument>> ListAsync(UserDocument user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var live = user.Sessions.Where(s => s.ExpiresAt > now).Select(s => s.Id).ToList();
        return await _sessions.Find(s => s.UserId == user.Id && live.Contains(s.Id)).SortByDescending(s => s.UserId)
            .ThenByDescending(s => s.LastUsedAt).ToListAsync(ct);
    }

    /// <summary>Ends one session of the user; false when the user has no such session.</summary>
    public async Task<bool> RevokeAsync(long userId, string sessionId, CancellationToken ct)
    {
        var pulled = await users.RemoveSessionAsync(userId, sessionId, ct);
        var deleted = await _sessions.DeleteOneAsync(s => s.Id == sessionId && s.UserId == userId, ct);
        return pulled || deleted.DeletedCount == 1;
    }

    /// <summary>
    /// Deletes the records of the user's sessions; with <paramref name="belowEpoch"/> (the jwt_epoch just raised to) only
    /// those started before it, so a login that landed right after the raise keeps the record of its live session.
    /// </summary>
    public Task RevokeAllAsync(long userId, CancellationToken ct, int? belowEpoch = null) => belowEpoch is { } epoch
        ? _sessions.DeleteManyAsync(s => s.UserId == userId && s.Epoch < epoch, ct)
        : _sessions.DeleteManyAsync(s => s.UserId == userId, ct);

}

/// <summary>When each session was last written as used, per process, bounded so it cannot grow without limit.</summary>
internal sealed class LastTouches
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> _at = new();

    public bool Due(string sessionId, DateTime now, TimeSpan interval)
    {
        if (_at.TryGetValue(sessionId, out var last) && now - last < interval)
            return false;
        if (_at.Count > 10_000)
            _at.Clear();
        _at[sessionId] = now;
        return true;
    }
}
