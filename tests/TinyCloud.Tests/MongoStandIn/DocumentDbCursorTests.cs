using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>
/// The documentdb (vCore) profile: a cursor dies <c>--cursor-lifetime-seconds</c> after it was opened (no time at all
/// here, so no test waits for it to pass).
/// </summary>
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
        return cursor;
    }

    [Fact]
    public async Task OnDocumentDbAGetMoreAfterTheCursorsLifetimeIsCursorNotFound43ButOnMongoDbItContinues()
    {
        // The MongoDB cursor is opened first, so it is the older of the two when each asks for its next batch.
        using var alive = await OpenCursorAsync(mongo);
        using var expired = await OpenCursorAsync(documentDb);
        var ex = await Should.ThrowAsync<MongoCursorNotFoundException>(() => expired.MoveNextAsync());
        ex.CursorId.ShouldNotBe(0); // the driver's exception for code 43, CursorNotFound
        (await alive.MoveNextAsync()).ShouldBeTrue();
        alive.Current.Select(d => d["_id"].AsInt32).ShouldBe([4, 5, 6, 7]);
    }
}
