using System.Net;
using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Storage;

/// <summary>The indexes stay in place: checked again periodically, made again when lost, and writes wait for them.</summary>
[Collection(Areas.Activity)]
[Trait(Flavor.Trait, Flavor.Dependent)]
public sealed class StorageReadinessTests(Stack stack)
{
    private static readonly Dictionary<string, string?> QuickChecks = new() { ["Mongo:IndexCheckSeconds"] = "1", ["Mongo:UniqueIndexCheckSeconds"] = "1" };

    [Fact]
    public async Task IndexesDroppedFromUnderTheWorkerAreMadeAgainAndKeepNamesUnique()
    {
        await using var worker = await stack.StartWorkerAsync(QuickChecks);
        using var client = await worker.NewClient().SignUpAsync();
        await worker.Entries().Indexes.DropAllAsync();

        await Eventually.ShouldHoldAsync(async () =>
            (await (await worker.Entries().Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString)
                .ShouldContain("user_parent_name_unique"));
        var answers = await Races.TogetherAsync(() => client.CreateFolderAsync("/twin"), () => client.CreateFolderAsync("/twin"));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1);
        answers.Single(a => a.Status != HttpStatusCode.OK).ShouldBeError(HttpStatusCode.Conflict, "already exists");
    }

    [NotOnCosmosRuFact("RU builds a unique index only on an empty collection: see the test below for what it does there.")]
    public async Task DuplicatesBlockingAUniqueIndexAreRepairedAtStart()
    {
        var database = "tinycloud_ready_" + Guid.NewGuid().ToString("N")[..8];
        // Two users with one name, before any worker made the indexes: the unique name index cannot be built over them.
        var users = stack.Worker.Get<IMongoClient>().GetDatabase(database).GetCollection<BsonDocument>(UserStore.CollectionName);
        await users.InsertManyAsync([Twin(900001), Twin(900002)]);
        await using var worker = await stack.StartWorkerAsync(QuickChecks, database);
        using var client = worker.NewClient();

        (await users.Find(Builders<BsonDocument>.Filter.Eq("_id", 900001L)).SingleAsync())["user_name"].AsString.ShouldBe("twin");
        (await users.Find(Builders<BsonDocument>.Filter.Eq("_id", 900002L)).SingleAsync())["user_name"].AsString
            .ShouldBe(UserStore.ConflictForm("twin", 900002));
        worker.Output.ShouldContain("changed 900002's user_name from twin to twin~conflict-900002");
        (await client.PostAsync("/api/user-service/register", new { user_email = "ready@example.com", password = Client.Password, user_name = "twin" }))
            .ShouldBeError(HttpStatusCode.Conflict, "already taken");
        (await client.PostAsync("/api/user-service/register", new { user_email = "ready@example.com", password = Client.Password, user_name = "readyuser" }))
            .ShouldBeSuccess();
    }

    [OnlyOnCosmosRuFact]
    public async Task OnCosmosRuAUniqueIndexOverExistingDocumentsKeepsItsWritesAt503EvenOnceTheDataWouldAllowIt()
    {
        var database = "tinycloud_ready_" + Guid.NewGuid().ToString("N")[..8];
        var users = stack.Worker.Get<IMongoClient>().GetDatabase(database).GetCollection<BsonDocument>(UserStore.CollectionName);
        await users.InsertManyAsync([Twin(900001), Twin(900002)]);
        await users.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", 900002L));
        await using var worker = await stack.StartWorkerAsync(QuickChecks, database, untilHealthy: false);
        using var client = worker.NewClient();
        var register = new { user_email = "ready@example.com", password = Client.Password, user_name = "readyuser" };

        // No duplicate is left, but RU refuses a unique index over documents that already exist: however often the
        // worker tries again (every second while it is missing), no write to users may land.
        await Eventually.ShouldHoldAsync(() =>
            Regex.Count(worker.Output, "Could not create the UserStore indexes").ShouldBeGreaterThanOrEqualTo(3));
        (await client.PostAsync("/api/user-service/register", register)).ShouldBeError(HttpStatusCode.ServiceUnavailable, "unique index of users");
        (await client.GetAsync("/api/health")).ShouldBeError(HttpStatusCode.ServiceUnavailable, "indexes");
        (await users.CountDocumentsAsync(Builders<BsonDocument>.Filter.Empty)).ShouldBe(1);
        // Only the writes that need the index are refused: a route that does not write users works.
        (await client.PostAsync("/api/user-service/login", new { user_email = "nobody@example.com", password = "not-the-password" }))
            .Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static BsonDocument Twin(long id) => new()
    {
        ["_id"] = id, ["user_name"] = "twin", ["user_name_key"] = "twin", ["user_email"] = $"twin{id}@example.com",
        ["password_hash"] = "", ["quota_bytes"] = 0L, ["used_bytes"] = 0L, ["reserved_bytes"] = 0L, ["free_bytes"] = 0L,
    };
}
