using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>The documentdb (vCore) profile: a cursor dies <c>--cursor-lifetime-seconds</c> after it was opened (1 s here).</summary>
public sealed class DocumentDbCursorTests(DocumentDbStandIn documentDb, StandInFixture mongo)
    : IClassFixture<DocumentDbStandIn>, IClassFixture<StandInFixture>
{
    private static async Task<IAsyncCursor<BsonDocument>> OpenCursorAsync(StandInFixture standIn)
    {
        var items = standIn.NewDatabase().GetCollection<BsonDocument>("items");
        await items.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument("_id", i)));
        var cursor = await items.FindAsync(FilterDefinition<BsonDocument>.Empty,
            new FindOptions<BsonDocument> { BatchSize = 4, Sort = new BsonDocument("_id", 1) });
        (await cursor.MoveNextAsync()).ShouldBeTrue();
        cursor.Current.Count().ShouldBe(4);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        return cursor;
    }

    [Fact]
    public async Task OnDocumentDbAGetMoreAfterTheCursorsLifetimeIsCursorNotFound43ButOnMongoDbItContinues()
    {
        using var expired = await OpenCursorAsync(documentDb);
        var ex = await Should.ThrowAsync<MongoCursorNotFoundException>(() => expired.MoveNextAsync());
        ex.CursorId.ShouldNotBe(0); // the driver's exception for code 43, CursorNotFound
        using var alive = await OpenCursorAsync(mongo);
        (await alive.MoveNextAsync()).ShouldBeTrue();
        alive.Current.Select(d => d["_id"].AsInt32).ShouldBe([4, 5, 6, 7]);
    }
}
