using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Integrity;

/// <summary>Entries written by the path-keyed model become the id-based tree when a worker starts on them.</summary>
[Collection(Areas.Integrity)]
[Trait(Flavor.Trait, Flavor.Dependent)]
public sealed class TreeMigrationTests(Stack stack)
{
    [NotOnCosmosRuFact("RU builds a unique index only on an empty collection, so a path-keyed database is migrated on " +
        "MongoDB or vCore and then copied into RU (README, \"Running on Cosmos DB\").")]
    public async Task AWorkerStartingOnPathKeyedEntriesMigratesThemOnceAndServesTheSameTree()
    {
        var database = "tinycloud_migrate_" + Guid.NewGuid().ToString("N")[..8];
        var container = new Dictionary<string, string?> { ["Blob:Container"] = "mig" + Guid.NewGuid().ToString("N")[..10] };
        await using var before = await stack.StartWorkerAsync(container, database);
        using var client = await before.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        await WriteLegacyDriveAsync(before, userId);
        // A database only path-keyed workers ever used has no record of the migration.
        await before.Get<IMongoDatabase>().GetCollection<BsonDocument>("schema_steps")
            .DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", TreeMigration.Step));
        var cookies = client.Cookies.GetCookies(before.BaseAddress);
        await before.DisposeAsync(); // the path-keyed worker is gone before the new one starts

        string snapshot;
        await using (var after = await stack.StartWorkerAsync(container, database))
        {
            using var migrated = new Client(after.BaseAddress);
            migrated.Cookies.Add(after.BaseAddress, cookies);
            await Eventually.ShouldHoldAsync(async () =>
                (await migrated.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/docs", file_field = "mere" }))
                    .ShouldBeSuccess());

            (await migrated.LayerAsync("/")).Names().ShouldBe(["docs"]);
            (await migrated.LayerAsync("/docs")).Names().ShouldBe(["sub", "a.txt"]);
            (await migrated.LayerAsync("/docs/sub")).Names().ShouldBe(["b.txt"]);
            (await migrated.LayerAsync("/", "special")).Names().ShouldBe(["c.txt"]);
            (await migrated.EntityAsync("/docs/sub/b.txt")).Body["fs_entity"]!["size_in_mb"].ShouldNotBeNull();
            (await migrated.RenameAsync("/docs", "papers", "folder")).ShouldBeSuccess();
            (await migrated.EntityAsync("/papers/sub/b.txt")).ShouldBeSuccess();
            var raw = Raw(after);
            (await raw.CountDocumentsAsync(Builders<BsonDocument>.Filter.Exists("path"))).ShouldBe(0);
            var ghost = await raw.Find(Builders<BsonDocument>.Filter.Eq("name", "z.txt")).SingleAsync();
            ghost["state"].AsString.ShouldBe("deleting", "an entry whose folder was missing is cut out for TempCleanup");
            snapshot = await SnapshotAsync(raw);
        }

        // Once is enough: a third worker finds nothing to migrate and changes nothing.
        await using var again = await stack.StartWorkerAsync(container, database);
        using var third = new Client(again.BaseAddress);
        third.Cookies.Add(again.BaseAddress, cookies);
        (await third.LayerAsync("/papers")).Names().ShouldBe(["sub", "a.txt"]);
        (await SnapshotAsync(Raw(again))).ShouldBe(snapshot);
    }

    [NotOnCosmosRuFact("The migration sorts along the path-keyed model's index, which Cosmos DB RU requires; there a " +
        "path-keyed database is migrated on MongoDB or vCore first (README, \"Running on Cosmos DB\").")]
    public async Task PathKeyedEntriesAnOlderWorkerWritesAfterTheMigrationAreLinkedByTempCleanupAndNeverCutOutAsOrphans()
    {
        await using var cleanup = await Maintenance.CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/new")).ShouldBeSuccess();
        var raw = cleanup.Get<IMongoDatabase>().GetCollection<BsonDocument>(EntryStore.CollectionName);
        var now = DateTime.UtcNow;
        BsonDocument Legacy(string path, string kind) => new()
        {
            ["_id"] = ObjectId.GenerateNewId(), ["user_id"] = userId, ["field"] = "mere", ["path"] = path,
            ["parent"] = DrivePath.Parent(path), ["name"] = DrivePath.Name(path), ["kind"] = kind, ["size_bytes"] = 0L,
            ["blob"] = BsonNull.Value, ["state"] = "ready", ["reserved_bytes"] = 0L, ["direct_upload"] = false,
            ["shared"] = false, ["created_at"] = now, ["modified_at"] = now,
        };
        await raw.InsertManyAsync([Legacy("/old", EntryKinds.Folder), Legacy("/old/inner", EntryKinds.Folder)]);

        var repairs = (await cleanup.RunAsync()).TreeRepairs;

        repairs.LegacyEntriesMigrated.ShouldBe(2);
        repairs.OrphansDetached.ShouldBe(0);
        (await client.LayerAsync("/")).Names().ShouldBe(["new", "old"]);
        (await client.LayerAsync("/old")).Names().ShouldBe(["inner"]);
        (await raw.CountDocumentsAsync(Builders<BsonDocument>.Filter.Exists("path"))).ShouldBe(0);
        (await cleanup.RunAsync()).TreeRepairs.LegacyEntriesMigrated.ShouldBe(0);
    }

    private static IMongoCollection<BsonDocument> Raw(Worker worker) =>
        worker.Get<IMongoDatabase>().GetCollection<BsonDocument>(EntryStore.CollectionName);

    private static async Task<string> SnapshotAsync(IMongoCollection<BsonDocument> raw) =>
        (await raw.Find(FilterDefinition<BsonDocument>.Empty).SortBy(d => d["_id"]).ToListAsync()).ToJson();

    /// <summary>What the path-keyed code stored: field, path and parent on every entry, under its unique path index.</summary>
    private static async Task WriteLegacyDriveAsync(Worker worker, long userId)
    {
        var raw = worker.Get<IMongoDatabase>().GetCollection<BsonDocument>(EntryStore.CollectionName);
        await raw.Indexes.DropAllAsync();
        await raw.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("field").Ascending("path"),
            new CreateIndexOptions { Name = "user_field_path_unique", Unique = true }));
        var now = DateTime.UtcNow;
        BsonDocument Entry(string field, string path, string kind, long size) => new()
        {
            ["_id"] = ObjectId.GenerateNewId(), ["user_id"] = userId, ["field"] = field, ["path"] = path,
            ["parent"] = DrivePath.Parent(path), ["name"] = DrivePath.Name(path), ["kind"] = kind, ["size_bytes"] = size,
            ["blob"] = kind == EntryKinds.File ? $"{userId}/{Guid.NewGuid():N}" : BsonNull.Value, ["state"] = "ready",
            ["reserved_bytes"] = 0L, ["direct_upload"] = false, ["shared"] = false, ["created_at"] = now, ["modified_at"] = now,
        };
        await raw.InsertManyAsync(
        [
            Entry("mere", "/docs/sub/b.txt", EntryKinds.File, 20), Entry("mere", "/docs", EntryKinds.Folder, 0),
            Entry("mere", "/docs/a.txt", EntryKinds.File, 10), Entry("mere", "/docs/sub", EntryKinds.Folder, 0),
            Entry("special", "/c.txt", EntryKinds.File, 5), Entry("mere", "/ghost/z.txt", EntryKinds.File, 1),
        ]);
        await worker.Users().UpdateOneAsync(u => u.Id == userId,
            Builders<UserDocument>.Update.Inc(u => u.UsedBytes, 36L).Inc(u => u.FreeBytes, -36L));
    }
}
