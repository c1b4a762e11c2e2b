using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// Entries that share a name in one folder, written while the unique index was lost: the oldest keeps its name, each
/// other one is renamed in place to <c>name (conflict 2).ext</c>, <c>(conflict 3)</c>, ..., so the owner sees every one
/// of them where it was, nothing is deleted and no charge changes.
/// </summary>
public sealed partial class EntryStore
{
    public string Collection => CollectionName;

    public IReadOnlyList<string> UniqueIndexes { get; } = [NameIndex];

    public async Task<IReadOnlyList<IndexRepair>> RepairDuplicatesAsync(DateTime now, CancellationToken ct)
    {
        var repairs = new List<IndexRepair>();
        foreach (var ids in await DuplicateSetsAsync(ct))
        {
            var twins = (await _entries.Find(Filter.In(e => e.Id, ids.Select(i => i.AsObjectId))).ToListAsync(ct))
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToList();
            var kept = twins[0];
            foreach (var twin in twins.Skip(1))
            {
                var name = await FreeConflictNameAsync(twin, ct);
                var renamed = await _entries.UpdateOneAsync(Mine(twin.UserId, twin.Id) & Filter.Eq(e => e.Name, twin.Name),
                    NameUpdate(name).Set(e => e.ModifiedAt, now), cancellationToken: ct);
                if (renamed.ModifiedCount == 1)
                    repairs.Add(new IndexRepair(CollectionName, NameIndex, twin.UserId, kept.Id.ToString(), twin.Id.ToString(),
                        "name", twin.Name, name));
            }
        }
        return repairs;
    }

    /// <summary>The ids of each set of entries with one (user, parent, name): one aggregation, run only when a rebuild failed.</summary>
    private async Task<List<BsonArray>> DuplicateSetsAsync(CancellationToken ct)
    {
        var key = new BsonDocument { { "u", "$user_id" }, { "p", "$parent_id" }, { "n", "$name" } };
        var sets = await _entries.Aggregate<BsonDocument>(new BsonDocument[]
        {
            new("$group", new BsonDocument { { "_id", key }, { "ids", new BsonDocument("$push", "$_id") }, { "count", new BsonDocument("$sum", 1) } }),
            new("$match", new BsonDocument("count", new BsonDocument("$gt", 1))),
        }, cancellationToken: ct).ToListAsync(ct);
        return sets.Select(s => s["ids"].AsBsonArray).ToList();
    }

    private async Task<string> FreeConflictNameAsync(EntryDocument twin, CancellationToken ct)
    {
        var dot = twin.IsFolder ? -1 : twin.Name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (twin.Name[..dot], twin.Name[dot..]) : (twin.Name, "");
        for (var n = 2; ; n++)
        {
            var candidate = $"{stem} (conflict {n}){extension}";
            if (DrivePath.CheckName(candidate) is null && await FindChildAsync(twin.UserId, twin.ParentId, candidate, ct) is null)
                return candidate;
            if (n > NumberedNames.MaxTries) // a name too long to number: a short one that keeps the id
                return $"conflict {twin.Id}{extension}";
        }
    }
}
