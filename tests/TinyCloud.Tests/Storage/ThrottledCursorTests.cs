using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;
using TinyCloud.Tests.MongoStandIn;

namespace TinyCloud.Tests.Storage;

/// <summary>A cursor's getMore throttled by the server (the stand-in's <c>standinThrottleNext</c>), under the worker's retry layer.</summary>
public sealed class ThrottledCursorTests(StandInFixture standIn) : IClassFixture<StandInFixture>
{
    private static readonly FindOptions<BsonDocument> InBatchesOf100 = new() { BatchSize = 100, Sort = new BsonDocument("_id", 1) };

    [Fact]
    public async Task AThrottledGetMoreIsRetriedAndTheCursorReadsEveryDocumentOnceInOrder()
    {
        var raw = standIn.NewDatabase();
        var name = raw.DatabaseNamespace.DatabaseName;
        await raw.GetCollection<BsonDocument>("items").InsertManyAsync(Enumerable.Range(0, 250).Select(i => new BsonDocument("_id", i)));
        var items = ThrottleRetrying.Wrap(raw, new ThrottleRetry(TimeSpan.FromSeconds(2))).GetCollection<BsonDocument>("items");

        await standIn.Control.ThrottleNextAsync(name, count: 2, commands: ["getMore"], retryAfterMs: 5);
        using var cursor = await items.FindAsync(FilterDefinition<BsonDocument>.Empty, InBatchesOf100);
        var read = await cursor.ToListAsync();

        read.Select(d => d["_id"].AsInt32).ShouldBe(Enumerable.Range(0, 250));
        (await items.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(250);
    }

    [Fact]
    public async Task WithoutTheRetryLayerTheSameThrottledGetMoreReachesTheCallerAs16500()
    {
        var raw = standIn.NewDatabase();
        var items = raw.GetCollection<BsonDocument>("items");
        await items.InsertManyAsync(Enumerable.Range(0, 250).Select(i => new BsonDocument("_id", i)));

        await standIn.Control.ThrottleNextAsync(raw.DatabaseNamespace.DatabaseName, count: 1, commands: ["getMore"], retryAfterMs: 5);
        using var cursor = await items.FindAsync(FilterDefinition<BsonDocument>.Empty, InBatchesOf100);
        var thrown = await Should.ThrowAsync<MongoCommandException>(() => cursor.ToListAsync());

        thrown.Code.ShouldBe(Throttles.Code);
    }
}
