using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Webhooks;

/// <summary><c>webhook_deliveries</c>: every attempt, newest first per endpoint, kept <see cref="WebhookOptions.DeliveryLogDays"/>.</summary>
public sealed class WebhookDeliveryLog(IMongoDatabase db, IOptions<WebhookOptions> options, IOptions<MongoOptions> mongo) : IHasIndexes
{
    private static readonly IndexKeysDefinitionBuilder<WebhookDeliveryRecord> Keys = Builders<WebhookDeliveryRecord>.IndexKeys;
    private readonly IMongoCollection<WebhookDeliveryRecord> _log = db.GetCollection<WebhookDeliveryRecord>("webhook_deliveries");

    public Task EnsureIndexesAsync(CancellationToken ct)
    {
        var ttl = new CreateIndexOptions { ExpireAfter = TimeSpan.FromDays(options.Value.DeliveryLogDays), Name = "ttl" };
        return _log.Indexes.CreateManyAsync(
        [
            mongo.Value.EffectiveFlavor == MongoFlavors.CosmosRu
                ? new CreateIndexModel<WebhookDeliveryRecord>(new BsonDocument("_ts", 1), ttl)
                : new CreateIndexModel<WebhookDeliveryRecord>(Keys.Ascending(d => d.At), ttl),
            new CreateIndexModel<WebhookDeliveryRecord>(Keys.Ascending(d => d.UserId).Ascending(d => d.WebhookId).Descending(d => d.Id)),
        ], ct);
    }

    public Task AddAsync(IReadOnlyList<WebhookDeliveryRecord> records, CancellationToken ct) => records.Count == 1
        ? _log.InsertOneAsync(records[0], cancellationToken: ct)
        : _log.InsertManyAsync(records, cancellationToken: ct);

    public async Task<List<WebhookDeliveryRecord>> ListAsync(long userId, string webhookId, ObjectId? before, int limit, CancellationToken ct)
    {
        var filter = Builders<WebhookDeliveryRecord>.Filter.Where(d => d.UserId == userId && d.WebhookId == webhookId);
        if (before is { } cursor)
            filter &= Builders<WebhookDeliveryRecord>.Filter.Lt(d => d.Id, cursor);
        return await _log.Find(filter).SortByDescending(d => d.Id).Limit(limit).ToListAsync(ct);
    }

    public async Task<long> DeleteForUserAsync(long userId, CancellationToken ct) =>
        (await _log.DeleteManyAsync(d => d.UserId == userId, ct)).DeletedCount;
}
