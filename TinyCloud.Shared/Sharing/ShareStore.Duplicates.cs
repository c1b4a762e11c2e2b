using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Sharing;

/// <summary>
/// Two links to one entry (or, never in practice, one link twice), made while a unique index was lost: the oldest link
/// keeps working and each later one is dropped, since an entry has one link. A link holds no bytes; each drop is
/// recorded for the administrator without the link itself (it grants access).
/// </summary>
public sealed partial class ShareStore
{
    public string Collection => CollectionName;

    public IReadOnlyList<string> UniqueIndexes { get; } = [LinkIndex, EntryIndex];

    public async Task<IReadOnlyList<IndexRepair>> RepairDuplicatesAsync(DateTime now, CancellationToken ct)
    {
        var repairs = new List<IndexRepair>();
        foreach (var (index, key) in new[] { (EntryIndex, "$entry_id"), (LinkIndex, "$hashed_link") })
        {
            var sets = await _shares.Aggregate<BsonDocument>(new BsonDocument[]
            {
                new("$group", new BsonDocument
                {
                    { "_id", new BsonDocument { { "u", "$user_id" }, { "k", key } } },
                    { "ids", new BsonDocument("$push", "$_id") }, { "count", new BsonDocument("$sum", 1) },
                }),
                new("$match", new BsonDocument("count", new BsonDocument("$gt", 1))),
            }, cancellationToken: ct).ToListAsync(ct);
            foreach (var set in sets)
            {
                var userId = set["_id"]["u"].ToInt64();
                var twins = (await _shares.Find(Filter.Eq(s => s.UserId, userId)
                        & Filter.In(s => s.Id, set["ids"].AsBsonArray.Select(i => i.AsObjectId))).ToListAsync(ct))
                    .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToList();
                foreach (var twin in twins.Skip(1))
                    if ((await _shares.DeleteOneAsync(Filter.Eq(s => s.UserId, userId) & Filter.Eq(s => s.Id, twin.Id), ct)).DeletedCount == 1)
                        repairs.Add(new IndexRepair(CollectionName, index, userId, twins[0].Id.ToString(), twin.Id.ToString(),
                            "link", "entry " + twin.EntryId, "deleted (the entry keeps its oldest link)"));
            }
        }
        return repairs;
    }
}
