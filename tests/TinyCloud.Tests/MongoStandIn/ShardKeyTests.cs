using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>
/// Sharded collections on the cosmos-ru profile (<c>entries</c> sharded on <c>user_id</c> by <c>--shard</c>; others by
/// <c>shardCollection</c> or Cosmos DB's <c>customAction</c>): single-document writes must name one shard key value.
/// </summary>
public sealed class ShardKeyTests(CosmosRuStandIn cosmos, StandInFixture mongo) : IClassFixture<CosmosRuStandIn>, IClassFixture<StandInFixture>
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly UpdateDefinition<BsonDocument> Rename = Builders<BsonDocument>.Update.Set("name", "renamed");

    private static async Task<IMongoCollection<BsonDocument>> EntriesAsync(IMongoDatabase database, string name = "entries")
    {
        var entries = database.GetCollection<BsonDocument>(name);
        await entries.InsertManyAsync([
            new BsonDocument { { "_id", 1 }, { "user_id", "u1" }, { "name", "a" } },
            new BsonDocument { { "_id", 2 }, { "user_id", "u1" }, { "name", "b" } },
            new BsonDocument { { "_id", 3 }, { "user_id", "u2" }, { "name", "a" } }]);
        return entries;
    }

    private static async Task SingleDocumentWritesWithoutTheKeyAreShardKeyNotFoundAsync(IMongoCollection<BsonDocument> entries)
    {
        var before = await entries.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        foreach (var write in new Func<Task>[] {
                     () => entries.UpdateOneAsync(Filter.Eq("_id", 1), Rename),
                     () => entries.DeleteOneAsync(Filter.Eq("_id", 1)),
                     () => entries.FindOneAndUpdateAsync(Filter.Eq("_id", 1), Rename),
                     () => entries.ReplaceOneAsync(Filter.Eq("name", "a"), new BsonDocument { { "user_id", "u1" }, { "name", "c" } }) })
        {
            var ex = await Should.ThrowAsync<MongoCommandException>(write);
            (ex.Code, ex.CodeName, ex.ErrorMessage).ShouldBe((61, "ShardKeyNotFound", "query in command must target a single shard key"));
        }
        (await entries.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task OnCosmosRuASingleDocumentWriteWithoutTheShardKeyIsShardKeyNotFound61AndWithItRuns()
    {
        var entries = await EntriesAsync(cosmos.NewDatabase());
        await SingleDocumentWritesWithoutTheKeyAreShardKeyNotFoundAsync(entries);
        (await entries.UpdateOneAsync(Filter.Eq("user_id", "u1") & Filter.Eq("_id", 1), Rename)).ModifiedCount.ShouldBe(1);
        (await entries.DeleteOneAsync(Filter.Eq("user_id", "u2") & Filter.Eq("_id", 3))).DeletedCount.ShouldBe(1);
        var ex = await Should.ThrowAsync<MongoCommandException>(() => entries.InsertOneAsync(new BsonDocument("name", "no owner")));
        (ex.Code, ex.ErrorMessage).ShouldBe((61, "document does not contain shard key"));
        var mongoEntries = await EntriesAsync(mongo.NewDatabase()); // not sharded: the same writes run
        (await mongoEntries.UpdateOneAsync(Filter.Eq("_id", 1), Rename)).ModifiedCount.ShouldBe(1);
        (await mongoEntries.FindOneAndUpdateAsync(Filter.Eq("_id", 2), Rename))["name"].AsString.ShouldBe("b");
        (await mongoEntries.DeleteOneAsync(Filter.Eq("_id", 1))).DeletedCount.ShouldBe(1);
    }

    [Fact]
    public async Task OnCosmosRuMultiDocumentWritesWithoutTheShardKeyFanOutToEveryShard()
    {
        var entries = await EntriesAsync(cosmos.NewDatabase());
        (await entries.UpdateManyAsync(Filter.Eq("name", "a"), Rename)).ModifiedCount.ShouldBe(2);
        (await entries.DeleteManyAsync(Filter.Eq("name", "renamed"))).DeletedCount.ShouldBe(2);
        (await entries.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync()).Select(e => e["_id"].AsInt32).ShouldBe([2]);
    }

    [Fact]
    public async Task ShardCollectionAndTheCreateCollectionCustomActionDeclareAShardKeyOnCosmosRu()
    {
        var database = cosmos.NewDatabase();
        var sharded = await cosmos.Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument
            { { "shardCollection", $"{database.DatabaseNamespace.DatabaseName}.shares" }, { "key", new BsonDocument("user_id", "hashed") } });
        sharded["collectionsharded"].AsString.ShouldBe($"{database.DatabaseNamespace.DatabaseName}.shares");
        await database.RunCommandAsync<BsonDocument>(new BsonDocument
            { { "customAction", "CreateCollection" }, { "collection", "links" }, { "shardKey", "user_id" } });
        await SingleDocumentWritesWithoutTheKeyAreShardKeyNotFoundAsync(await EntriesAsync(database, "shares"));
        await SingleDocumentWritesWithoutTheKeyAreShardKeyNotFoundAsync(await EntriesAsync(database, "links"));
        (await (await EntriesAsync(database, "unsharded")).UpdateOneAsync(Filter.Eq("_id", 1), Rename)).ModifiedCount.ShouldBe(1);
        var ex = await Should.ThrowAsync<MongoCommandException>(() => mongo.Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(
            new BsonDocument { { "shardCollection", "x.shares" }, { "key", new BsonDocument("user_id", 1) } }));
        ex.Code.ShouldBe(59); // a replica set member, as mongod without mongos: no such command
    }

    [Fact]
    public async Task OnCosmosRuAUniqueIndexOnAShardedCollectionMustStartWithTheShardKey()
    {
        var entries = cosmos.NewDatabase().GetCollection<BsonDocument>("entries");
        var ex = await Should.ThrowAsync<MongoCommandException>(() => entries.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(new BsonDocument { { "parent_id", 1 }, { "name", 1 } }, new CreateIndexOptions { Unique = true })));
        (ex.Code, ex.CodeName).ShouldBe((67, "CannotCreateIndex"));
        ex.ErrorMessage.ShouldContain("must start with the shard key");
        (await entries.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            new BsonDocument { { "user_id", 1 }, { "parent_id", 1 }, { "name", 1 } }, new CreateIndexOptions { Unique = true })))
            .ShouldBe("user_id_1_parent_id_1_name_1");
        (await mongo.NewDatabase().GetCollection<BsonDocument>("entries").Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            new BsonDocument { { "parent_id", 1 }, { "name", 1 } }, new CreateIndexOptions { Unique = true }))).ShouldBe("parent_id_1_name_1");
    }
}
