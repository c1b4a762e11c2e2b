using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>
/// The cosmos-ru profile's request units (README's cost model): each request's charge through Cosmos DB's
/// <c>getLastRequestStatistics</c> (per connection) and the totals through the stand-in's <c>standinRuMeter</c>.
/// </summary>
public sealed class RequestUnitTests(CosmosRuStandIn cosmos, StandInFixture mongo) : IClassFixture<CosmosRuStandIn>, IClassFixture<StandInFixture>
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private static BsonDocument OfKilobytes(object id, double kb) =>
        new() { { "_id", BsonValue.Create(id) }, { "body", new string('x', (int)(kb * 1024) - 30) } }; // ~30 bytes of BSON framing

    private static async Task<BsonDocument> LastRequestAsync(IMongoDatabase database) =>
        await database.RunCommandAsync<BsonDocument>(new BsonDocument("getLastRequestStatistics", 1));

    /// <summary>A database on a client of one connection: getLastRequestStatistics answers for the connection.</summary>
    private (IMongoDatabase Database, MongoClient Client) OneConnection()
    {
        var client = cosmos.NewClient(s => s.MaxConnectionPoolSize = 1);
        return (client.GetDatabase($"standin_{Guid.NewGuid():N}"[..20]), client);
    }

    [Fact]
    public async Task InsertingA10KbDocumentCostsAbout55RequestUnitsAndReadingItBackByIdAbout10()
    {
        var (database, client) = OneConnection();
        using var _ = client;
        var files = database.GetCollection<BsonDocument>("files");
        await files.InsertOneAsync(OfKilobytes("f", 10));
        var insert = await LastRequestAsync(database);
        insert["CommandName"].AsString.ShouldBe("insert");
        insert["RequestCharge"].ToDouble().ShouldBe(55, tolerance: 0.5);
        insert["RequestDurationInMilliSeconds"].ToInt64().ShouldBeInRange(0, 5000);
        insert["ok"].ToDouble().ShouldBe(1);
        (await files.Find(Filter.Eq("_id", "f")).SingleAsync())["body"].AsString.Length.ShouldBe(10 * 1024 - 30);
        var read = await LastRequestAsync(database);
        read["CommandName"].AsString.ShouldBe("find");
        read["RequestCharge"].ToDouble().ShouldBe(10, tolerance: 0.5); // a point read: 1 RU per KB
    }

    [Fact]
    public async Task AnUpdateCostsAbout10RequestUnitsPerKilobyteAndAQueryPaysForEveryDocumentItExamines()
    {
        var (database, client) = OneConnection();
        using var _ = client;
        var files = database.GetCollection<BsonDocument>("files");
        await files.InsertManyAsync(Enumerable.Range(0, 100).Select(i => OfKilobytes(i, 1).Add("n", i)));
        (await LastRequestAsync(database))["RequestCharge"].ToDouble().ShouldBe(100 * 5.5, tolerance: 5);
        await files.UpdateOneAsync(Filter.Eq("_id", 7), Builders<BsonDocument>.Update.Set("body", new string('y', 2 * 1024 - 40)));
        (await LastRequestAsync(database))["RequestCharge"].ToDouble().ShouldBe(20, tolerance: 0.5);
        (await files.Find(Filter.Eq("n", 42)).ToListAsync()).ShouldHaveSingleItem();
        // No index on n: the query examines all 100 documents (0.1 RU each), plus 1 for the query and 1 for the KB it returns.
        (await LastRequestAsync(database))["RequestCharge"].ToDouble().ShouldBe(1 + 10 + 1, tolerance: 0.2);
        await files.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("n", 1)));
        (await files.Find(Filter.Eq("n", 42)).ToListAsync()).ShouldHaveSingleItem();
        (await LastRequestAsync(database))["RequestCharge"].ToDouble().ShouldBe(1 + 0.1 + 1, tolerance: 0.2);
    }

    [Fact]
    public async Task TheRuMeterTotalsADatabasesRequestsPerCommandAndResetZeroesThem()
    {
        var database = cosmos.NewDatabase();
        var name = database.DatabaseNamespace.DatabaseName;
        var files = database.GetCollection<BsonDocument>("files");
        for (var i = 0; i < 3; i++)
            await files.InsertOneAsync(OfKilobytes(i, 10));
        await files.Find(Filter.Eq("_id", 0)).SingleAsync();
        var other = cosmos.NewDatabase();
        await other.GetCollection<BsonDocument>("files").InsertOneAsync(OfKilobytes(1, 1));

        var meter = await cosmos.Control.RuMeterAsync(name, reset: true);
        (meter.Commands["insert"].Count, meter.Commands["insert"].Throttled).ShouldBe((3L, 0L));
        meter.Commands["insert"].RequestCharge.ShouldBe(3 * 55, tolerance: 1);
        meter.Commands["find"].Count.ShouldBe(1);
        meter.Commands["find"].RequestCharge.ShouldBe(10, tolerance: 0.5);
        (meter.Requests, meter.Throttled).ShouldBe((4L, 0L));
        meter.RequestCharge.ShouldBe(175, tolerance: 1);
        var zeroed = await cosmos.Control.RuMeterAsync(name);
        (zeroed.RequestCharge, zeroed.Requests, zeroed.Commands.Count).ShouldBe((0.0, 0L, 0));
        (await cosmos.Control.RuMeterAsync(other.DatabaseNamespace.DatabaseName)).RequestCharge.ShouldBe(5.5, tolerance: 0.1);
    }

    [Fact]
    public async Task TheMongoDbProfileMetersNothingAndHasNoGetLastRequestStatistics()
    {
        var database = mongo.NewDatabase();
        (await Should.ThrowAsync<MongoCommandException>(() => LastRequestAsync(database))).Code.ShouldBe(59);
        var ex = await Should.ThrowAsync<MongoCommandException>(() => mongo.Control.RuMeterAsync(database.DatabaseNamespace.DatabaseName));
        (ex.Code, ex.ErrorMessage).ShouldBe((59, "request units are metered only with --profile cosmos-ru (this stand-in runs mongodb)"));
    }
}
