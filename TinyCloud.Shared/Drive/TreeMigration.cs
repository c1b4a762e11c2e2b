using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// Converts entries written by the path-keyed model (<c>field</c>, <c>path</c>, <c>parent</c> on every entry) to the
/// id-based tree, once, at start-up before the entries' indexes are made. Idempotent and safe to resume: phase one
/// gives every old entry its <c>parent_id</c> (parents looked up by their old path, which stays until phase two), phase
/// two drops the old fields. An entry whose parent path matches nothing is detached, so TempCleanup removes it. Once it
/// has run to the end it is recorded in <see cref="SchemaSteps"/>, and later workers skip it; path-keyed entries an
/// older worker writes after that are found by TempCleanup's tree repair, which runs <see cref="MigrateAsync"/> again.
/// </summary>
public sealed class TreeMigration(IMongoDatabase db, SchemaSteps steps, ILogger<TreeMigration> logger) : IHasIndexes
{
    public const string Step = "id-based-tree";

    private static readonly string[] LegacyIndexes = ["user_field_path_unique", "user_id_1_field_1_parent_1", "field_1_modified_at_1"];
    private readonly IMongoCollection<BsonDocument> _entries = db.GetCollection<BsonDocument>(EntryStore.CollectionName);
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    // The look for path-keyed entries reads the whole collection (no index has "path"): never again once recorded
    // done, and not at every periodic index check (on Cosmos DB RU every document read is paid for).
    public Task EnsureIndexesAsync(CancellationToken ct) => steps.RunOnceAsync(Step, MigrateAsync, ct);

    /// <summary>Migrates whatever path-keyed entries there are; returns how many were linked into the tree.</summary>
    public async Task<long> MigrateAsync(CancellationToken ct)
    {
        var legacy = Filter.Exists("path");
        if (!await _entries.Find(legacy).AnyAsync(ct))
            return 0;

        var linked = 0;
        var folders = new Dictionary<(long, string, string), ObjectId>();
        var batch = new List<WriteModel<BsonDocument>>();
        var all = _entries.Find(legacy).Sort(Builders<BsonDocument>.Sort.Ascending("user_id").Ascending("field").Ascending("path"));
        // Sorted by path within a field, so every folder is seen before what it holds. The legacy unique index
        // (user_id, field, path) serves this sort (Cosmos DB RU sorts only along an index), so it is dropped after.
        await foreach (var entry in all.StreamAsync(ct))
        {
            var (userId, field, path) = (entry["user_id"].ToInt64(), entry["field"].AsString, entry["path"].AsString);
            if (entry.GetValue("kind", "").AsString == EntryKinds.Folder)
                folders[(userId, field, path)] = entry["_id"].AsObjectId;
            if (entry.Contains("parent_id"))
                continue;
            var parentPath = DrivePath.Parent(path);
            var update = parentPath == DrivePath.Root
                ? Builders<BsonDocument>.Update.Set("parent_id", DriveRoots.Id(userId, field))
                : folders.TryGetValue((userId, field, parentPath), out var parentId)
                    ? Builders<BsonDocument>.Update.Set("parent_id", parentId)
                    : Builders<BsonDocument>.Update.Set("parent_id", entry["_id"]).Set("state", LowerCaseEnumSerializer<EntryState>.Name(EntryState.Deleting));
            var name = entry.GetValue("name", "").AsString;
            update = update.Set("name_fold", SearchText.Fold(name)).Set("name_keys", new BsonArray(SearchText.Keys(name)));
            batch.Add(new UpdateOneModel<BsonDocument>(Filter.Eq("user_id", userId) & Filter.Eq("_id", entry["_id"]), update));
            linked++;
            if (batch.Count == EntryStore.BatchSize)
                await FlushAsync(batch, ct);
        }
        await FlushAsync(batch, ct);
        await DropLegacyIndexesAsync(ct);
        var cleared = await _entries.UpdateManyAsync(legacy & Filter.Exists("parent_id"),
            Builders<BsonDocument>.Update.Unset("path").Unset("parent").Unset("field"), cancellationToken: ct);
        logger.LogWarning("Migrated {Linked} entries to the id-based tree ({Cleared} had their path fields dropped)",
            linked, cleared.ModifiedCount);
        return linked;
    }

    private async Task FlushAsync(List<WriteModel<BsonDocument>> batch, CancellationToken ct)
    {
        if (batch.Count > 0)
            await _entries.BulkWriteAsync(batch, cancellationToken: ct);
        batch.Clear();
    }

    private async Task DropLegacyIndexesAsync(CancellationToken ct)
    {
        var existing = await (await _entries.Indexes.ListAsync(ct)).ToListAsync(ct);
        foreach (var name in existing.Select(i => i["name"].AsString).Intersect(LegacyIndexes))
            await _entries.Indexes.DropOneAsync(name, ct);
    }
}
