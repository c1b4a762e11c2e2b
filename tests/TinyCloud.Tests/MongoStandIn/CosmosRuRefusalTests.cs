using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>
/// What the stand-in's cosmos-ru profile refuses, each with Cosmos DB's code and message, and the same request
/// accepted by the default (mongodb) profile.
/// </summary>
public sealed class CosmosRuRefusalTests(CosmosRuStandIn cosmos, StandInFixture mongo)
    : IClassFixture<CosmosRuStandIn>, IClassFixture<StandInFixture>
{
    private const string SortNotIndexed = "The index path corresponding to the specified order-by item is excluded.";
    private static readonly FilterDefinition<BsonDocument> All = FilterDefinition<BsonDocument>.Empty;

    private static async Task<IMongoCollection<BsonDocument>> ItemsAsync(StandInFixture standIn)
    {
        var items = standIn.NewDatabase().GetCollection<BsonDocument>("items");
        await items.InsertManyAsync([
            new BsonDocument { { "_id", 1 }, { "kind", "file" }, { "name", "b" }, { "at", 3 } },
            new BsonDocument { { "_id", 2 }, { "kind", "folder" }, { "name", "a" }, { "at", 1 } },
            new BsonDocument { { "_id", 3 }, { "kind", "file" }, { "name", "a" }, { "at", 2 } }]);
        return items;
    }

    private static async Task<List<int>> SortedIdsAsync(IMongoCollection<BsonDocument> items, BsonDocument sort) =>
        (await items.Find(All).Sort(sort).ToListAsync()).Select(d => d["_id"].AsInt32).ToList();

    [Fact]
    public async Task ASortWithNoMatchingIndexIsBadValue2OnCosmosRuAndSortsOnMongoDb()
    {
        var cosmosItems = await ItemsAsync(cosmos);
        var ex = await Should.ThrowAsync<MongoCommandException>(() => SortedIdsAsync(cosmosItems, new("name", 1)));
        (ex.Code, ex.CodeName, ex.ErrorMessage).ShouldBe((2, "BadValue", SortNotIndexed));
        (await SortedIdsAsync(await ItemsAsync(mongo), new BsonDocument { { "name", 1 }, { "_id", 1 } })).ShouldBe([2, 3, 1]);
    }

    [Fact]
    public async Task OnCosmosRuASortRunsWhenAnIndexHasExactlyItsFieldsInOrderWithTheSameOrAllReversedDirections()
    {
        var items = await ItemsAsync(cosmos);
        await items.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument { { "kind", -1 }, { "name", 1 } }));
        (await SortedIdsAsync(items, new BsonDocument { { "kind", -1 }, { "name", 1 } })).ShouldBe([2, 3, 1]);
        (await SortedIdsAsync(items, new BsonDocument { { "kind", 1 }, { "name", -1 } })).ShouldBe([1, 3, 2]);
        (await SortedIdsAsync(items, new BsonDocument("_id", -1))).ShouldBe([3, 2, 1]); // _id alone needs no index
        foreach (var refused in new[] { new BsonDocument("kind", -1), new BsonDocument { { "kind", -1 }, { "name", -1 } },
                     new BsonDocument { { "name", 1 }, { "kind", -1 } } })
            (await Should.ThrowAsync<MongoCommandException>(() => SortedIdsAsync(items, refused))).Code.ShouldBe(2);
    }

    [Fact]
    public async Task AnAggregateSortOfStoredDocumentsNeedsAnIndexOnCosmosRuButASortAfterAGroupDoesNot()
    {
        var pipeline = new BsonDocument[] { new("$match", new BsonDocument("kind", "file")), new("$sort", new BsonDocument("at", -1)) };
        var cosmosItems = await ItemsAsync(cosmos);
        var ex = await Should.ThrowAsync<MongoCommandException>(() => cosmosItems.Aggregate<BsonDocument>(pipeline).ToListAsync());
        (ex.Code, ex.ErrorMessage).ShouldBe((2, SortNotIndexed));
        var grouped = await cosmosItems.Aggregate<BsonDocument>(new BsonDocument[] {
            new("$group", new BsonDocument { { "_id", "$kind" }, { "n", new BsonDocument("$sum", 1) } }),
            new("$sort", new BsonDocument("n", -1)) }).ToListAsync();
        grouped.Select(g => g["_id"].AsString).ShouldBe(["file", "folder"]);
        var sorted = await (await ItemsAsync(mongo)).Aggregate<BsonDocument>(pipeline).ToListAsync();
        sorted.Select(d => d["_id"].AsInt32).ShouldBe([1, 3]);
    }

    [Fact]
    public async Task AFindOneAndUpdateWithAnUnindexedSortIsRefusedOnCosmosRuAndChangesNothing()
    {
        var options = new FindOneAndUpdateOptions<BsonDocument> { Sort = new BsonDocument("at", 1) };
        var update = new BsonDocument("$set", new BsonDocument("taken", true));
        var cosmosItems = await ItemsAsync(cosmos);
        var ex = await Should.ThrowAsync<MongoCommandException>(() => cosmosItems.FindOneAndUpdateAsync(All, update, options));
        (ex.Code, ex.ErrorMessage).ShouldBe((2, SortNotIndexed));
        (await cosmosItems.CountDocumentsAsync(new BsonDocument("taken", true))).ShouldBe(0);
        var taken = await (await ItemsAsync(mongo)).FindOneAndUpdateAsync(All, update, options);
        taken["_id"].AsInt32.ShouldBe(2);
    }

    [Fact]
    public async Task ATtlIndexOnAPathOtherThanTsIsBadValue2OnCosmosRuWhileTtlOnTsIsAccepted()
    {
        var ttlOnAt = new CreateIndexModel<BsonDocument>(new BsonDocument("at", 1), new CreateIndexOptions { ExpireAfter = TimeSpan.FromHours(1) });
        var cosmosItems = cosmos.NewDatabase().GetCollection<BsonDocument>("failures");
        var ex = await Should.ThrowAsync<MongoCommandException>(() => cosmosItems.Indexes.CreateOneAsync(ttlOnAt));
        (ex.Code, ex.ErrorMessage).ShouldBe((2, "The 'expireAfterSeconds' option is supported on '_ts' field only."));
        (await cosmosItems.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("_ts", 1),
            new CreateIndexOptions { ExpireAfter = TimeSpan.FromHours(1) }))).ShouldBe("_ts_1");
        (await mongo.NewDatabase().GetCollection<BsonDocument>("failures").Indexes.CreateOneAsync(ttlOnAt)).ShouldBe("at_1");
    }

    [Fact]
    public async Task AUniqueIndexOverExistingDocumentsIsRefusedOnCosmosRuButBuildsOnAnEmptyCollectionAndMayBeRedeclared()
    {
        var unique = new CreateIndexModel<BsonDocument>(new BsonDocument("name", 1), new CreateIndexOptions { Unique = true, Name = "name_unique" });
        var cosmosItems = await ItemsAsync(cosmos);
        var ex = await Should.ThrowAsync<MongoCommandException>(() => cosmosItems.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(new BsonDocument("_id", 1).Add("at", 1), new CreateIndexOptions { Unique = true })));
        ex.Code.ShouldBe(2);
        ex.ErrorMessage.ShouldStartWith("Error=2, Details='Response status code does not indicate success: BadRequest (400)");
        ex.ErrorMessage.ShouldContain("The unique index cannot be modified. To change the unique index, remove the collection and re-create a new one.");
        var empty = cosmos.NewDatabase().GetCollection<BsonDocument>("users");
        await empty.Indexes.CreateOneAsync(unique);
        await empty.InsertOneAsync(new BsonDocument("name", "amy"));
        (await empty.Indexes.CreateOneAsync(unique)).ShouldBe("name_unique"); // the same index again: a no-op, as at every start
        var mongoItems = await ItemsAsync(mongo);
        (await mongoItems.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("_id", 1).Add("at", 1),
            new CreateIndexOptions { Unique = true }))).ShouldBe("_id_1_at_1");
    }
}
