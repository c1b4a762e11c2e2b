using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

public sealed class LeaseDocument
{
    public string Id { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}

/// <summary>Named leases in the <c>leases</c> collection, so that a job runs on one worker at a time.</summary>
public sealed class LeaseStore(IMongoDatabase db, TimeProvider clock)
{
    private static readonly FilterDefinitionBuilder<LeaseDocument> Filter = Builders<LeaseDocument>.Filter;
    private readonly IMongoCollection<LeaseDocument> _leases = db.GetCollection<LeaseDocument>("leases");

    /// <summary>
    /// Takes the lease when it is free or expired, or extends it when <paramref name="owner"/> already holds it.
    /// One conditional upsert decides: when another owner holds a live lease the filter misses, and the insert the
    /// upsert then attempts collides with the existing <c>_id</c>.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            // Built as {_id, $or} rather than from a lambda (which nests both in an $and), so the upsert's insert
            // takes its _id from the filter on every server.
            var filter = Filter.Eq(l => l.Id, name)
                & Filter.Or(Filter.Eq(l => l.Owner, owner), Filter.Lte(l => l.ExpiresAt, now));
            var update = Builders<LeaseDocument>.Update.Set(l => l.Owner, owner).Set(l => l.ExpiresAt, now + duration);
            await _leases.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, ct);
            return true;
        }
        catch (MongoException ex) when (ex.IsDuplicateKey())
        {
            return false;
        }
    }

    public Task ReleaseAsync(string name, string owner, CancellationToken ct) =>
        _leases.DeleteOneAsync(l => l.Id == name && l.Owner == owner, ct);
}
