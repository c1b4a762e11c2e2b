using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Webhooks;

public sealed class WebhookStore(IMongoDatabase db, WebhookSecrets secrets, TimeProvider clock) : IHasIndexes
{
    public const string CollectionName = "webhooks";
    private static readonly UpdateDefinitionBuilder<WebhookDocument> Update = Builders<WebhookDocument>.Update;
    private readonly IMongoCollection<WebhookDocument> _hooks = db.GetCollection<WebhookDocument>(CollectionName);

    public Task EnsureIndexesAsync(CancellationToken ct) => _hooks.Indexes.CreateOneAsync(
        new CreateIndexModel<WebhookDocument>(Builders<WebhookDocument>.IndexKeys.Ascending(h => h.UserId).Ascending(h => h.CreatedAt)),
        cancellationToken: ct);

    /// <summary>
    /// A new endpoint, unless the user has <paramref name="max"/> already (null then). The document answered carries the
    /// secret in the clear, for the one answer that shows it; the stored one is sealed (<see cref="WebhookSecrets"/>).
    /// </summary>
    public async Task<WebhookDocument?> TryCreateAsync(long userId, string url, List<string> events, int max, CancellationToken ct)
    {
        if (await _hooks.CountDocumentsAsync(h => h.UserId == userId, cancellationToken: ct) >= max)
            return null;
        var id = "wh_" + Secrets.New(12);
        var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var hook = new WebhookDocument
        {
            Id = id, UserId = userId, Url = url, Events = events, Secret = secrets.Seal(id, secret), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await _hooks.InsertOneAsync(hook, cancellationToken: ct);
        hook.Secret = secret;
        // Two creates racing past the count: the later one goes again.
        if (await _hooks.CountDocumentsAsync(h => h.UserId == userId, cancellationToken: ct) > max)
        {
            await _hooks.DeleteOneAsync(h => h.Id == hook.Id, ct);
            return null;
        }
        return hook;
    }

    public async Task<List<WebhookDocument>> ListAsync(long userId, CancellationToken ct) =>
        await _hooks.Find(h => h.UserId == userId).SortBy(h => h.UserId).ThenBy(h => h.CreatedAt).ToListAsync(ct);

    public async Task<WebhookDocument?> FindAsync(long userId, string id, CancellationToken ct) =>
        await _hooks.Find(h => h.UserId == userId && h.Id == id).FirstOrDefaultAsync(ct);

    public async Task<bool> DeleteAsync(long userId, string id, CancellationToken ct) =>
        (await _hooks.DeleteOneAsync(h => h.UserId == userId && h.Id == id, ct)).DeletedCount == 1;

    /// <summary>Turns an endpoint on again (its failure count starts over) or off.</summary>
    public async Task<bool> SetEnabledAsync(long userId, string id, bool enabled, CancellationToken ct) =>
        (await _hooks.UpdateOneAsync(h => h.UserId == userId && h.Id == id, enabled
            ? Update.Set(h => h.Enabled, true).Set(h => h.ConsecutiveFailures, 0).Unset(h => h.DisabledAt)
            : Update.Set(h => h.Enabled, false), cancellationToken: ct)).MatchedCount == 1;

    public Task SucceededAsync(string id, CancellationToken ct) =>
        _hooks.UpdateOneAsync(h => h.Id == id, Update.Set(h => h.ConsecutiveFailures, 0), cancellationToken: ct);

    /// <summary>Counts a failed attempt; returns the run of failures so far.</summary>
    public async Task<int> FailedAsync(string id, CancellationToken ct) =>
        (await _hooks.FindOneAndUpdateAsync<WebhookDocument>(h => h.Id == id, Update.Inc(h => h.ConsecutiveFailures, 1),
            new FindOneAndUpdateOptions<WebhookDocument> { ReturnDocument = ReturnDocument.After }, ct))?.ConsecutiveFailures ?? 0;

    /// <summary>Disables an enabled endpoint; true for the one caller that did it (who mails the owner).</summary>
    public async Task<bool> TryDisableAsync(string id, CancellationToken ct) =>
        (await _hooks.UpdateOneAsync(h => h.Id == id && h.Enabled,
            Update.Set(h => h.Enabled, false).Set(h => h.DisabledAt, clock.GetUtcNow().UtcDateTime), cancellationToken: ct)).ModifiedCount == 1;

    public async Task<long> DeleteForUserAsync(long userId, CancellationToken ct) =>
        (await _hooks.DeleteManyAsync(h => h.UserId == userId, ct)).DeletedCount;
}
