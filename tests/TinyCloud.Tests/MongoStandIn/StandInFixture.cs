using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>
/// Always starts its own tests/mongo-standin/server.py on a free port (TINYCLOUD_TEST_MONGO is ignored on
/// purpose: these tests are about the stand-in itself) and kills it at the end.
/// </summary>
public sealed partial class StandInFixture : IAsyncLifetime
{
    private ChildProcess? _process;

    public int Port { get; private set; }
    public string ConnectionString => $"mongodb://127.0.0.1:{Port}/?directConnection=true";
    public MongoClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Match ready;
        (_process, ready) = await ChildProcess.StartAsync("/usr/bin/python3",
            [Path.Combine(RepoPaths.Root, "tests", "mongo-standin", "server.py"), "--port", "0"],
            ListeningOn(), TimeSpan.FromSeconds(60));
        Port = int.Parse(ready.Groups["port"].Value);
        Client = NewClient();
    }

    /// <summary>A client of its own; <paramref name="configure"/> may change the settings first.</summary>
    public MongoClient NewClient(Action<MongoClientSettings>? configure = null)
    {
        var settings = MongoClientSettings.FromConnectionString(ConnectionString);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(settings);
        return new MongoClient(settings);
    }

    /// <summary>A fresh, empty database per test, so tests never see each other's documents.</summary>
    public IMongoDatabase NewDatabase() => Client.GetDatabase("standin_" + Guid.NewGuid().ToString("N")[..12]);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_process is not null)
            await _process.DisposeAsync();
    }

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(?<port>\d+)$")]
    private static partial Regex ListeningOn();
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
