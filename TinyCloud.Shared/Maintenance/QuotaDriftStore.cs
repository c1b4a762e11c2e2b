using MongoDB.Driver;

namespace TinyCloud.Shared.Maintenance;

/// <summary>How far each quota counter is from what the user's entries say it should be (expected − stored).</summary>
public sealed record QuotaDrift(long Used, long Reserved, long Free)
{
    public bool IsZero => Used == 0 && Reserved == 0 && Free == 0;
}

/// <summary>A drift seen by the quota step and not corrected yet, keyed by user id.</summary>
public sealed class QuotaDriftDocument
{
    public long Id { get; set; }
    public long UsedDrift { get; set; }
    public long ReservedDrift { get; set; }
    public long FreeDrift { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
}

/// <summary>The <c>quota_drifts</c> collection: which drift each user showed at earlier runs, and since when.</summary>
public sealed class QuotaDriftStore(IMongoDatabase db)
{
    private readonly IMongoCollection<QuotaDriftDocument> _drifts = db.GetCollection<QuotaDriftDocument>("quota_drifts");

    /// <summary>Records the drift seen now and returns since when the user has shown exactly this drift.</summary>
    public async Task<DateTime> ObserveAsync(long userId, QuotaDrift drift, DateTime now, CancellationToken ct)
    {
        var same = await _drifts.FindOneAndUpdateAsync(
            d => d.Id == userId && d.UsedDrift == drift.Used && d.ReservedDrift == drift.Reserved && d.FreeDrift == drift.Free,
            Builders<QuotaDriftDocument>.Update.Set(d => d.LastSeenAt, now), cancellationToken: ct);
        if (same is not null)
            return same.FirstSeenAt;
        await _drifts.ReplaceOneAsync(d => d.Id == userId, new QuotaDriftDocument
        {
            Id = userId, UsedDrift = drift.Used, ReservedDrift = drift.Reserved, FreeDrift = drift.Free,
            FirstSeenAt = now, LastSeenAt = now,
        }, new ReplaceOptions { IsUpsert = true }, ct);
        return now;
    }

    public Task ForgetAsync(long userId, CancellationToken ct) => _drifts.DeleteOneAsync(d => d.Id == userId, ct);

    /// <summary>Drops the drifts a run did not see again: those users are consistent now, or gone.</summary>
    public Task ForgetUnseenSinceAsync(DateTime runStart, CancellationToken ct) =>
        _drifts.DeleteManyAsync(d => d.LastSeenAt < runStart, ct);
}
