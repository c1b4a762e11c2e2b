using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>
/// Always starts its own tests/mongo-standin/server.py on a free port (TINYCLOUD_TEST_MONGO and
/// TINYCLOUD_STANDIN_PROFILE are ignored on purpose: these tests are about the stand-in itself) and kills it at the end.
/// The default profile (mongodb); subclasses start it with other <see cref="Options"/>.
/// </summary>
public partial class StandInFixture : IAsyncLifetime
{
    private ChildProcess? _process;

    /// <summary>More command-line options for server.py.</summary>
    protected virtual IReadOnlyList<string> Options => [];

    /// <summary>Whether clients use retryable writes, the driver's default (Cosmos DB refuses them).</summary>
    protected virtual bool RetryWrites => true;

    public int Port { get; private set; }
    public string ConnectionString => $"mongodb://127.0.0.1:{Port}/?directConnection=true";
    public MongoClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Match ready;
        (_process, ready) = await ChildProcess.StartAsync("/usr/bin/python3",
            [Path.Combine(RepoPaths.Root, "tests", "mongo-standin", "server.py"), "--port", "0", .. Options],
            ListeningOn(), TimeSpan.FromSeconds(60));
        Port = int.Parse(ready.Groups["port"].Value);
        Client = NewClient();
        Control = new StandInControl(ConnectionString);
    }

    /// <summary>The stand-in's own commands, through the test infrastructure's helper.</summary>
    public StandInControl Control { get; private set; } = null!;

    /// <summary>A client of its own; <paramref name="configure"/> may change the settings first.</summary>
    public MongoClient NewClient(Action<MongoClientSettings>? configure = null)
    {
        var settings = MongoClientSettings.FromConnectionString(ConnectionString);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(10);
        settings.RetryWrites = RetryWrites;
        configure?.Invoke(settings);
        return new MongoClient(settings);
    }

    /// <summary>A fresh, empty database per test, so tests never see each other's documents.</summary>
    public IMongoDatabase NewDatabase() => Client.GetDatabase("standin_" + Guid.NewGuid().ToString("N")[..12]);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Control?.Dispose();
        if (_process is not null)
            await _process.DisposeAsync();
    }

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(?<port>\d+)$")]
    private static partial Regex ListeningOn();
}

/// <summary>The cosmos-ru profile; <c>entries</c> is sharded on <c>user_id</c> in every database; clients do not retry writes.</summary>
public sealed class CosmosRuStandIn : StandInFixture
{
    protected override IReadOnlyList<string> Options => ["--profile", "cosmos-ru", "--shard", "entries=user_id"];
    protected override bool RetryWrites => false;
}

/// <summary>The cosmos-ru profile of an account with the EnableMongoRetryableWrites capability.</summary>
public sealed class RetryableWritesCosmosRuStandIn : StandInFixture
{
    protected override IReadOnlyList<string> Options => ["--profile", "cosmos-ru", "--capability", "EnableMongoRetryableWrites"];
}

/// <summary>The cosmos-ru profile with 100 RU/s provisioned per database.</summary>
public sealed class ProvisionedCosmosRuStandIn : StandInFixture
{
    public const int RuPerSecond = 100;
    protected override IReadOnlyList<string> Options => ["--profile", "cosmos-ru", "--ru-per-second", RuPerSecond.ToString()];
    protected override bool RetryWrites => false;
}

/// <summary>The documentdb (vCore) profile with cursors that live no time at all: every getMore comes after their lifetime.</summary>
public sealed class DocumentDbStandIn : StandInFixture
{
    protected override IReadOnlyList<string> Options => ["--profile", "documentdb", "--cursor-lifetime-seconds", "0"];
}

/// <summary>One document <c>{_id: "r1", free: n}</c> whose free capacity is taken with conditional <c>$inc</c>s.</summary>
public sealed class Room(IMongoCollection<BsonDocument> collection)
{
    public IMongoCollection<BsonDocument> Collection { get; } = collection;

    public static FilterDefinition<BsonDocument> WithAtLeast(long free) =>
        Builders<BsonDocument>.Filter.Eq("_id", "r1") & Builders<BsonDocument>.Filter.Gte("free", free);

    public static async Task<Room> CreateAsync(IMongoDatabase database, long free)
    {
        var collection = database.GetCollection<BsonDocument>("rooms");
        await collection.InsertOneAsync(new BsonDocument { { "_id", "r1" }, { "free", free } });
        return new Room(collection);
    }

    /// <summary>Takes <paramref name="amount"/> only if that much is free; false when the filter matched nothing.</summary>
    public async Task<bool> ReserveAsync(long amount)
    {
        var result = await Collection.UpdateOneAsync(WithAtLeast(amount), Builders<BsonDocument>.Update.Inc("free", -amount));
        result.MatchedCount.ShouldBe(result.ModifiedCount);
        return result.ModifiedCount == 1;
    }

    public async Task<BsonValue> FreeAsync() =>
        (await Collection.Find(Builders<BsonDocument>.Filter.Eq("_id", "r1")).SingleAsync())["free"];
}

public static class BsonAssertions
{
    /// <summary>The same number, stored as BSON int64: an int32 with the same value fails, and the message says so.</summary>
    public static void ShouldBeInt64(this BsonValue value, long expected) =>
        (value.BsonType, value.ToInt64()).ShouldBe((BsonType.Int64, expected));
}
