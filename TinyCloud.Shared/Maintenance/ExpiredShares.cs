using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Maintenance;

/// <summary>Step 5: drops share links whose <c>expires_at</c> has passed (links without one never expire).</summary>
public sealed class ExpiredShares(IMongoDatabase db, TimeProvider clock, ILogger<ExpiredShares> logger)
{
    // Only the stored shape is needed (collection and field name), not the sharing feature's types.
    private readonly IMongoCollection<BsonDocument> _shares = db.GetCollection<BsonDocument>("shares");

    public async Task<StepTally> DropAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deleted = (await _shares.DeleteManyAsync(Builders<BsonDocument>.Filter.Lt("expires_at", now), ct)).DeletedCount;
        if (deleted > 0)
            logger.LogInformation("Dropped {Shares} expired shares", deleted);
        return new StepTally(deleted, 0);
    }
}
