using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// One document made unique again so a lost unique index could be rebuilt: <paramref name="Kept"/> (the oldest) was left
/// as it was, <paramref name="Changed"/>'s <paramref name="Field"/> went from <paramref name="From"/> to <paramref name="To"/>.
/// </summary>
public sealed record IndexRepair(string Collection, string Index, long UserId, string Kept, string Changed, string Field,
    string From, string To);

public sealed class IndexRepairDocument
{
    public ObjectId Id { get; set; }
    public DateTime At { get; set; }
    public string Collection { get; set; } = "";
    public string Index { get; set; } = "";
    public long UserId { get; set; }
    public string Kept { get; set; } = "";
    public string Changed { get; set; } = "";
    public string Field { get; set; } = "";
    public string From { get; set; } = "";
    public string To { get; set; } = "";
}

/// <summary>
/// The <c>index_repairs</c> collection: what the worker changed to rebuild a lost unique index, for the administrator
/// (<c>admin-service/list-index-repairs</c>). Unsharded, small, read newest first by <c>_id</c> (no index needed).
/// </summary>
public sealed class IndexRepairStore(IMongoDatabase db)
{
    public const string CollectionName = "index_repairs";

    private readonly IMongoCollection<IndexRepairDocument> _repairs = db.GetCollection<IndexRepairDocument>(CollectionName);

    public Task RecordAsync(IEnumerable<IndexRepair> repairs, DateTime now, CancellationToken ct) =>
        _repairs.InsertManyAsync(repairs.Select(r => new IndexRepairDocument
        {
            Id = ObjectId.GenerateNewId(), At = now, Collection = r.Collection, Index = r.Index, UserId = r.UserId,
            Kept = r.Kept, Changed = r.Changed, Field = r.Field, From = r.From, To = r.To,
        }), cancellationToken: ct);

    public async Task<List<IndexRepairDocument>> NewestAsync(int limit, CancellationToken ct) =>
        await _repairs.Find(FilterDefinition<IndexRepairDocument>.Empty).SortByDescending(r => r.Id).Limit(limit).ToListAsync(ct);
}
