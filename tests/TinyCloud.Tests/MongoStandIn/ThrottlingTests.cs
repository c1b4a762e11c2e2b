using System.Diagnostics;
using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>The cosmos-ru profile's token bucket (<c>--ru-per-second 100</c>, one second of burst per database).</summary>
public sealed partial class TokenBucketTests(ProvisionedCosmosRuStandIn cosmos) : IClassFixture<ProvisionedCosmosRuStandIn>
{
    /// <summary>36 KB: an insert costs 198 RU, which puts a full bucket of 100 about one second into debt.</summary>
    private static BsonDocument Large(int id) => new() { { "_id", id }, { "body", new string('x', 36 * 1024 - 30) } };

    private static BsonDocument Small(int id) => new() { { "_id", id } };

    [Fact]
    public async Task ABurstBeyondTheProvisionedThroughputIsRefusedWith16500BeforeRunningAndRecoversAfterASecond()
    {
        var database = cosmos.NewDatabase();
        var files = database.GetCollection<BsonDocument>("files");
        var sinceDebt = Stopwatch.StartNew();
        await files.InsertOneAsync(Large(1)); // admitted with a full bucket; the bucket is now about 98 RU in debt
        var clock = Stopwatch.StartNew();
        var ex = await Should.ThrowAsync<MongoCommandException>(() => files.InsertOneAsync(Small(2)));
        (ex.Code, ex.CodeName).ShouldBe((16500, "RequestRateTooLarge"));
        ex.ErrorMessage.ShouldContain("TooManyRequests (429); Substatus: 3200");
        ex.ErrorMessage.ShouldContain("Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later.");
        var retryAfterMs = int.Parse(RetryAfter().Match(ex.ErrorMessage).Groups["ms"].Value);
        // The debt at 100 RU/s (980 ms), less what refilled since it was taken (a loaded machine can take a while to ask again).
        retryAfterMs.ShouldBeInRange((int)Math.Max(1, 980 - sinceDebt.ElapsedMilliseconds - 50), 1000);

        // Asked again until the bucket has refilled: refused until the debt is paid, then admitted.
        var refusals = 1 + await UntilAdmittedAsync(() => files.InsertOneAsync(Small(2)));
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(retryAfterMs));
        List<BsonDocument> stored = [];
        await UntilAdmittedAsync(async () => stored = await files.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync());
        stored.Select(d => d["_id"].AsInt32).ShouldBe([1, 2]);
        var meter = await cosmos.Control.RuMeterAsync(database.DatabaseNamespace.DatabaseName);
        (meter.Commands["insert"].Count, meter.Commands["insert"].Throttled).ShouldBe((refusals + 2L, (long)refusals));
        meter.Commands["insert"].RequestCharge.ShouldBe(198 + 5.5, tolerance: 1); // the throttled request cost nothing
    }

    [Fact]
    public async Task EachDatabaseHasABucketOfItsOwn()
    {
        var busy = cosmos.NewDatabase().GetCollection<BsonDocument>("files");
        await busy.InsertOneAsync(Large(1));
        (await Should.ThrowAsync<MongoCommandException>(() => busy.InsertOneAsync(Small(2)))).Code.ShouldBe(16500);
        await cosmos.NewDatabase().GetCollection<BsonDocument>("files").InsertOneAsync(Small(1));
    }

    /// <summary>
    /// Sends <paramref name="command"/> again (every 100 ms) until the bucket admits it, and returns how often it was
    /// refused: an admitted request's charge can put the bucket back into debt, so the next one may have to wait too.
    /// </summary>
    private static async Task<int> UntilAdmittedAsync(Func<Task> command)
    {
        var refusals = 0;
        await Eventually.ShouldHoldAsync(async () =>
        {
            try
            {
                await command();
            }
            catch (MongoCommandException ex) when (ex.Code == 16500)
            {
                refusals++;
                throw new ShouldAssertException("refused: the bucket is in debt");
            }
        });
        return refusals;
    }

    [GeneratedRegex(@"^Error=16500, RetryAfterMs=(?<ms>\d+), Details='Response status code does not indicate success")]
    private static partial Regex RetryAfter();
}

/// <summary><c>standinThrottleNext</c>, the deterministic fault hook, on every profile.</summary>
public abstract class ThrottleHookContract(StandInFixture standIn)
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    [Fact]
    public async Task TheNextMatchingCommandsAfterTheSkippedOnesAnswer16500WithoutRunning()
    {
        var database = standIn.NewDatabase();
        var name = database.DatabaseNamespace.DatabaseName;
        var rooms = database.GetCollection<BsonDocument>("rooms");
        var other = database.GetCollection<BsonDocument>("other");
        await rooms.InsertOneAsync(new BsonDocument { { "_id", "r1" }, { "n", 0 } });
        await other.InsertOneAsync(new BsonDocument { { "_id", "o1" }, { "n", 0 } });
        await standIn.Control.ThrottleNextAsync(name, count: 2, commands: ["update"], collection: "rooms", skip: 1, retryAfterMs: 7);
        var increment = Builders<BsonDocument>.Update.Inc("n", 1);
        var outcomes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            (await other.UpdateOneAsync(Filter.Eq("_id", "o1"), increment)).ModifiedCount.ShouldBe(1); // another collection: never
            (await rooms.Find(Filter.Eq("_id", "r1")).SingleAsync())["_id"].AsString.ShouldBe("r1"); // another command: never
            try
            {
                await rooms.UpdateOneAsync(Filter.Eq("_id", "r1"), increment);
                outcomes.Add("ran");
            }
            catch (MongoCommandException ex)
            {
                outcomes.Add($"{ex.Code} {ex.CodeName} {ex.ErrorMessage[..28]}");
            }
        }
        outcomes.ShouldBe(["ran", "16500 RequestRateTooLarge Error=16500, RetryAfterMs=7,", "16500 RequestRateTooLarge Error=16500, RetryAfterMs=7,", "ran"]);
        (await rooms.Find(Filter.Eq("_id", "r1")).SingleAsync())["n"].AsInt32.ShouldBe(2);
        (await other.Find(Filter.Eq("_id", "o1")).SingleAsync())["n"].AsInt32.ShouldBe(4);
    }

    [Fact]
    public async Task ABatchThrottledAtAnOpIndexAppliesTheOpsBeforeItAndFailsThatOpWithAWriteError16500()
    {
        var database = standIn.NewDatabase();
        var items = database.GetCollection<BsonDocument>("items");
        await standIn.Control.ThrottleNextAsync(database.DatabaseNamespace.DatabaseName, count: 2, opIndex: 2);
        await items.InsertOneAsync(new BsonDocument("_id", 100)); // a batch of one op has no op 2: not throttled, not counted
        var ex = await Should.ThrowAsync<MongoBulkWriteException<BsonDocument>>(() =>
            items.InsertManyAsync(Enumerable.Range(0, 5).Select(i => new BsonDocument("_id", i))));
        var error = ex.WriteErrors.ShouldHaveSingleItem();
        (error.Index, error.Code).ShouldBe((2, 16500));
        error.Message.ShouldStartWith("Error=16500, RetryAfterMs=5, Details=");
        (await items.Find(FilterDefinition<BsonDocument>.Empty).Sort(new BsonDocument("_id", 1)).ToListAsync())
            .Select(d => d["_id"].AsInt32).ShouldBe([0, 1, 100]);

        var updates = Enumerable.Range(0, 3).Select(i => new UpdateOneModel<BsonDocument>(Filter.Eq("_id", i), Builders<BsonDocument>.Update.Set("seen", true)));
        var updateEx = await Should.ThrowAsync<MongoBulkWriteException<BsonDocument>>(() => items.BulkWriteAsync(updates));
        updateEx.WriteErrors.ShouldHaveSingleItem().Code.ShouldBe(16500);
        (await items.CountDocumentsAsync(Filter.Eq("seen", true))).ShouldBe(2); // ops 0 and 1 applied; op 2 (no document) failed
    }

    [Fact]
    public async Task ThrottleNextZeroDisarmsTheHook()
    {
        var database = standIn.NewDatabase();
        var items = database.GetCollection<BsonDocument>("items");
        await standIn.Control.ThrottleNextAsync(database.DatabaseNamespace.DatabaseName, count: 1);
        await standIn.Control.ClearThrottleAsync(database.DatabaseNamespace.DatabaseName);
        await items.InsertOneAsync(new BsonDocument("_id", 1));
        (await items.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(1);
    }
}

public sealed class MongoDbThrottleHookTests(StandInFixture standIn) : ThrottleHookContract(standIn), IClassFixture<StandInFixture>;

public sealed class CosmosRuThrottleHookTests(CosmosRuStandIn standIn) : ThrottleHookContract(standIn), IClassFixture<CosmosRuStandIn>;
