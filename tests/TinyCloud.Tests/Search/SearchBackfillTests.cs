using MongoDB.Bson;
using MongoDB.Driver;
using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Shared.Search;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using TinyCloud.Tests.Maintenance;

namespace TinyCloud.Tests.Search;

/// <summary>Entries written before search existed (no search keys) are found once a worker has backfilled them.</summary>
[Collection(Areas.Drive)]
public sealed class SearchBackfillTests(Stack stack)
{
    [Fact]
    public async Task EntriesWithoutSearchKeysAreFoundOnceTempCleanupOrTheFirstWorkerWithSearchHasWrittenThem()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/old")).ShouldBeSuccess();
        var folder = (await cleanup.Worker.EntryAtAsync(userId, "mere", "/old"))!;
        var raw = cleanup.Get<IMongoDatabase>().GetCollection<BsonDocument>(EntryStore.CollectionName);

        // Written by an older worker still running beside this one: after this worker's start-up backfill.
        await raw.InsertOneAsync(Legacy(userId, folder.Id, "Ledger 1999"));
        (await client.FoundAsync("ledger")).ShouldBeEmpty("nothing to find it by yet");
        (await cleanup.RunAsync()).SearchKeysBackfilled.Count.ShouldBe(1);
        (await client.FoundAsync("ledger")).ShouldBe(["mere:/old/Ledger 1999"]);
        (await cleanup.RunAsync()).SearchKeysBackfilled.Count.ShouldBe(0, "once is enough");

        // A database no worker with search has started on yet (no recorded step): the first one backfills before it serves.
        await raw.InsertOneAsync(Legacy(userId, DriveRoots.Id(userId, "special"), "Ledger-2000"));
        var steps = cleanup.Get<IMongoDatabase>().GetCollection<BsonDocument>("schema_steps");
        (await steps.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", SearchBackfill.Step))).DeletedCount.ShouldBe(1);
        await cleanup.DisposeAsync(); // the worker restarts
        await using var restarted = await stack.StartWorkerAsync(database: cleanup.Database);
        using var again = new Client(restarted.BaseAddress);
        again.Cookies.Add(restarted.BaseAddress, client.Cookies.GetCookies(cleanup.Worker.BaseAddress));
        (await again.FoundAsync("LEDGER")).ShouldBe(["mere:/old/Ledger 1999", "special:/Ledger-2000"]);
        (await again.FoundAsync("2000")).ShouldBe(["special:/Ledger-2000"]);
        raw = restarted.Get<IMongoDatabase>().GetCollection<BsonDocument>(EntryStore.CollectionName);
        var written = await raw.Find(Builders<BsonDocument>.Filter.Eq("name", "Ledger-2000")).SingleAsync();
        written["name_keys"].AsBsonArray.Select(k => k.AsString).ShouldBe(["ledger-2000", "ledger", "2000"]);
        steps = restarted.Get<IMongoDatabase>().GetCollection<BsonDocument>("schema_steps");
        (await steps.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("_id", SearchBackfill.Step))).ShouldBe(1);
    }

    [Fact]
    public async Task AWorkerStartingOnADatabaseAlreadyBackfilledDoesNotScanItAgainAndLeavesStragglersToTempCleanup()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var raw = cleanup.Get<IMongoDatabase>().GetCollection<BsonDocument>(EntryStore.CollectionName);
        await raw.InsertOneAsync(Legacy(userId, DriveRoots.Id(userId, "mere"), "Straggler"));

        await cleanup.DisposeAsync(); // the worker restarts
        await using var restarted = await stack.StartWorkerAsync(database: cleanup.Database);
        using var again = new Client(restarted.BaseAddress);
        again.Cookies.Add(restarted.BaseAddress, client.Cookies.GetCookies(cleanup.Worker.BaseAddress));

        (await again.FoundAsync("straggler")).ShouldBeEmpty("the step is recorded done, so start-up reads no entry");
        (await again.LayerAsync("/")).Names().ShouldBe(["Straggler"]);
        var summary = await restarted.Get<CleanupJob>().TryRunAsync(default);
        summary.ShouldNotBeNull().SearchKeysBackfilled.Count.ShouldBe(1);
        (await again.FoundAsync("straggler")).ShouldBe(["mere:/Straggler"]);
    }

    [Fact]
    public async Task ABackfillRacingARenameNeverLeavesKeysOfTheOldName()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var raw = stack.Worker.Get<IMongoDatabase>().GetCollection<BsonDocument>(EntryStore.CollectionName);
        var backfill = stack.Worker.Get<SearchBackfill>();
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            var legacy = Legacy(userId, DriveRoots.Id(userId, "mere"), $"walrus-{trial}");
            await raw.InsertOneAsync(legacy);
            var answers = await Races.TogetherAsync<object>(
                async () => await backfill.BackfillAsync(default),
                async () => await client.RenameAsync($"/walrus-{trial}", $"narwhal-{trial}", "folder"));
            (((HttpStatusCode, JsonNode))answers[1]).ShouldBeSuccess();
            var stored = await raw.Find(Builders<BsonDocument>.Filter.Eq("_id", legacy["_id"])).SingleAsync();
            stored["name"].AsString.ShouldBe($"narwhal-{trial}");
            stored["name_keys"].AsBsonArray.Select(k => k.AsString).ShouldBe(SearchText.Keys($"narwhal-{trial}"), $"trial {trial}");
        }
        (await client.FoundAsync("walrus")).ShouldBeEmpty();
        (await client.FoundAsync("narwhal")).Count.ShouldBe(Races.Trials);
    }

    /// <summary>A folder as the worker stored it before search: no name_fold, no name_keys.</summary>
    private static BsonDocument Legacy(long userId, ObjectId parentId, string name) => new()
    {
        ["_id"] = ObjectId.GenerateNewId(), ["user_id"] = userId, ["parent_id"] = parentId, ["name"] = name,
        ["kind"] = EntryKinds.Folder, ["size_bytes"] = 0L, ["mime_type"] = BsonNull.Value, ["md5"] = BsonNull.Value,
        ["blob"] = BsonNull.Value, ["state"] = "ready", ["reserved_bytes"] = 0L, ["expires_at"] = BsonNull.Value,
        ["direct_upload"] = false, ["shared"] = false, ["created_at"] = DateTime.UtcNow, ["modified_at"] = DateTime.UtcNow,
    };
}
