using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Mail;

/// <summary>
/// The outbox: mail is written here by the request that causes it and sent from here, so a slow or unreachable mail
/// server never fails or holds up a request. Each attempt claims its message with one conditional update (moving its
/// <c>next_attempt_at</c> on), so two senders never send one message at the same time.
/// </summary>
public sealed class MailOutbox(IMongoDatabase db, TimeProvider clock) : IHasIndexes
{
    public const string CollectionName = "mail_outbox";
    /// <summary>How long an attempt holds its claim: longer than any send may take.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);
    /// <summary>How long a message given up on stays listed for the admin.</summary>
    public static readonly TimeSpan KeepGivenUp = TimeSpan.FromDays(30);

    private static readonly FilterDefinitionBuilder<OutboxMessage> Filter = Builders<OutboxMessage>.Filter;
    private static readonly UpdateDefinitionBuilder<OutboxMessage> Update = Builders<OutboxMessage>.Update;
    private readonly IMongoCollection<OutboxMessage> _messages = db.GetCollection<OutboxMessage>(CollectionName);

    public Task EnsureIndexesAsync(CancellationToken ct) => _messages.Indexes.CreateManyAsync(
    [
        // The due messages, oldest due first; and the given-up ones for the admin, newest first.
        new CreateIndexModel<OutboxMessage>(Builders<OutboxMessage>.IndexKeys.Ascending(m => m.NextAttemptAt)),
        new CreateIndexModel<OutboxMessage>(Builders<OutboxMessage>.IndexKeys.Descending(m => m.FailedAt)),
        new CreateIndexModel<OutboxMessage>(Builders<OutboxMessage>.IndexKeys.Ascending(m => m.UserId)),
    ], ct);

    public async Task<OutboxMessage> EnqueueAsync(long? userId, string to, MailContent content, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Id = ObjectId.GenerateNewId(), UserId = userId, Kind = content.Kind, To = to, Subject = content.Subject,
            Text = content.Text, Html = content.Html, CreatedAt = now, NextAttemptAt = now,
        };
        await _messages.InsertOneAsync(message, cancellationToken: ct);
        return message;
    }

    /// <summary>Claims the message for one attempt if it is due; null when it was sent, given up or claimed meanwhile.</summary>
    public async Task<OutboxMessage?> TryClaimAsync(ObjectId id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await _messages.FindOneAndUpdateAsync(Filter.Eq(m => m.Id, id) & Filter.Lte(m => m.NextAttemptAt, now),
            Update.Set(m => m.NextAttemptAt, now + ClaimFor).Inc(m => m.Attempts, 1),
            new FindOneAndUpdateOptions<OutboxMessage> { ReturnDocument = ReturnDocument.After }, ct);
    }

    /// <summary>Up to <paramref name="limit"/> due messages, oldest due first.</summary>
    public async Task<List<ObjectId>> DueAsync(int limit, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await _messages.Find(Filter.Lte(m => m.NextAttemptAt, now)).SortBy(m => m.NextAttemptAt).Limit(limit)
            .Project(m => m.Id).ToListAsync(ct);
    }

    public Task SentAsync(ObjectId id, CancellationToken ct) => _messages.DeleteOneAsync(m => m.Id == id, ct);

    /// <summary>
    /// Attempt <paramref name="attempt"/> failed: the message is due again after <paramref name="retryAfter"/>, or given
    /// up when null. Only while no later attempt claimed it, so a slow report of an old attempt changes nothing.
    /// </summary>
    public Task FailedAsync(ObjectId id, int attempt, string error, TimeSpan? retryAfter, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var update = Update.Set(m => m.LastError, error.Length > 500 ? error[..500] : error);
        update = retryAfter is { } wait
            ? update.Set(m => m.NextAttemptAt, now + wait)
            : update.Set(m => m.NextAttemptAt, null).Set(m => m.FailedAt, now);
        return _messages.UpdateOneAsync(m => m.Id == id && m.Attempts == attempt, update, cancellationToken: ct);
    }

    /// <summary>The messages given up on, newest first (what the admin sees).</summary>
    public async Task<List<OutboxMessage>> GivenUpAsync(int limit, CancellationToken ct) =>
        await _messages.Find(Filter.Gt(m => m.FailedAt, DateTime.MinValue)).SortByDescending(m => m.FailedAt).Limit(limit).ToListAsync(ct);

    /// <summary>Forgets messages given up on longer than <see cref="KeepGivenUp"/> ago (the admin has had them listed since).</summary>
    public async Task<long> ForgetOldGivenUpAsync(CancellationToken ct) =>
        (await _messages.DeleteManyAsync(Filter.Lt(m => m.FailedAt, clock.GetUtcNow().UtcDateTime - KeepGivenUp)
            & Filter.Gt(m => m.FailedAt, DateTime.MinValue), ct)).DeletedCount;

    public async Task<long> CountGivenUpAsync(CancellationToken ct) =>
        await _messages.CountDocumentsAsync(Filter.Gt(m => m.FailedAt, DateTime.MinValue), cancellationToken: ct);

    /// <summary>Deletes every message about an account (when the account is deleted).</summary>
    public async Task<long> DeleteForUserAsync(long userId, CancellationToken ct) =>
        (await _messages.DeleteManyAsync(m => m.UserId == userId, ct)).DeletedCount;

    public async Task<long> CountForUserAsync(long userId, CancellationToken ct) =>
        await _messages.CountDocumentsAsync(m => m.UserId == userId, cancellationToken: ct);
}
