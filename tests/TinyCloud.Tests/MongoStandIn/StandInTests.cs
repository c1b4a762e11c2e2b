using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Servers;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>The Mongo stand-in (tests/mongo-standin) driven through the real MongoDB.Driver.</summary>
public sealed class StandInTests(StandInFixture standIn) : IClassFixture<StandInFixture>
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<BsonDocument> Update = Builders<BsonDocument>.Update;

    [Fact]
    public async Task TheHandshakeWithDirectConnectionFindsAWritableReplicaSetPrimary()
    {
        MongoUrl.Create(standIn.ConnectionString).DirectConnection.ShouldBe(true);
        using var client = standIn.NewClient();
        var hello = await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1));
        hello["isWritablePrimary"].AsBoolean.ShouldBeTrue();
        hello["setName"].AsString.ShouldBe("rs0");
        hello["maxWireVersion"].ToInt32().ShouldBe(21);
        var server = client.Cluster.Description.Servers.ShouldHaveSingleItem();
        server.Type.ShouldBe(ServerType.ReplicaSetPrimary);
        server.EndPoint.ToString()!.ShouldEndWith($":{standIn.Port}");
    }

    [Fact]
    public async Task AFindWithASmallBatchSizeReturnsEveryDocumentInOrderThroughGetMore()
    {
        var items = standIn.NewDatabase().GetCollection<BsonDocument>("items");
        var random = new Random(42);
        await items.InsertManyAsync(Enumerable.Range(0, 100).OrderBy(_ => random.Next()).Select(i => new BsonDocument("i", i)));
        List<int> batchSizes = [], seen = [];
        using var cursor = await items.FindAsync(FilterDefinition<BsonDocument>.Empty,
            new FindOptions<BsonDocument> { Sort = new BsonDocument("i", 1), BatchSize = 7 });
        while (await cursor.MoveNextAsync())
        {
            batchSizes.Add(cursor.Current.Count());
            seen.AddRange(cursor.Current.Select(d => d["i"].AsInt32));
        }
        seen.ShouldBe(Enumerable.Range(0, 100));
        batchSizes.ShouldBe([.. Enumerable.Repeat(7, 14), 2]); // the first batch, then 14 getMores
    }

    [Fact]
    public async Task AConditionalIncReservesWhileEnoughIsFreeAndKeepsTheValueInt64()
    {
        var room = await Room.CreateAsync(standIn.NewDatabase(), free: 5);
        (await room.ReserveAsync(2)).ShouldBeTrue();
        (await room.ReserveAsync(3)).ShouldBeTrue(); // exactly what is left: $gte allows it
        (await room.FreeAsync()).ShouldBeInt64(0);
    }

    [Fact]
    public async Task AConditionalIncMatchesNothingWhenTooLittleIsFree()
    {
        var room = await Room.CreateAsync(standIn.NewDatabase(), free: 2);
        var result = await room.Collection.UpdateOneAsync(Room.WithAtLeast(3), Update.Inc("free", -3L));
        result.MatchedCount.ShouldBe(0);
        result.ModifiedCount.ShouldBe(0);
        (await room.FreeAsync()).ShouldBeInt64(2);
    }

    [Fact]
    public async Task FiftyConcurrentConditionalReservationsNeverOverdraw()
    {
        const long initial = 600;
        var room = await Room.CreateAsync(standIn.NewDatabase(), initial);
        long reserved = 0;
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async task =>
        {
            foreach (var amount in new long[] { task % 3 + 1, 1 }) // big steps while they fit, then single units
                while (await room.ReserveAsync(amount))
                    Interlocked.Add(ref reserved, amount);
        }));
        (await room.FreeAsync()).ShouldBeInt64(0); // never below zero, and nothing left unreserved
        reserved.ShouldBe(initial);
    }

    [Fact]
    public async Task AUniqueIndexViolationIsAWriteExceptionWithDuplicateKeyCode11000()
    {
        var users = standIn.NewDatabase().GetCollection<BsonDocument>("users");
        await users.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("email"),
            new CreateIndexOptions { Name = "email_unique", Unique = true }));
        await users.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "email", "amy@example.com" } });
        var ex = await Should.ThrowAsync<MongoWriteException>(() =>
            users.InsertOneAsync(new BsonDocument { { "_id", 2 }, { "email", "amy@example.com" } }));
        ex.WriteError.Code.ShouldBe(11000);
        ex.WriteError.Category.ShouldBe(ServerErrorCategory.DuplicateKey);
        ex.WriteError.Message.ShouldContain("index: email_unique dup key");
        (await users.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(1);
    }

    [Fact]
    public async Task AnUpsertingFindOneAndUpdateCountsFromOneAndTheCounterStaysInt64()
    {
        var counters = standIn.NewDatabase().GetCollection<BsonDocument>("counters");
        var options = new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After };
        for (var expected = 1L; expected <= 3; expected++)
            (await counters.FindOneAndUpdateAsync(Filter.Eq("_id", "user_id"), Update.Inc("seq", 1L), options))["seq"].ShouldBeInt64(expected);
        var stored = await counters.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync();
        stored.Names.ShouldBe(["_id", "seq"]);
        stored["_id"].AsString.ShouldBe("user_id");
        stored["seq"].ShouldBeInt64(3);
    }

    [Fact]
    public async Task AUtcDateTimeRoundTripsExactToTheMillisecond()
    {
        var events = standIn.NewDatabase().GetCollection<BsonDocument>("events");
        var when = new DateTime(2025, 3, 4, 5, 6, 7, 891, DateTimeKind.Utc);
        var beforeEpoch = new DateTime(1969, 7, 20, 20, 17, 40, 123, DateTimeKind.Utc);
        await events.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "at", when }, { "landed", beforeEpoch } });
        var back = await events.Find(Filter.Eq("_id", 1)).SingleAsync();
        back["at"].ToUniversalTime().ShouldBe(when); // DateTime equality ignores Kind: check it on its own
        back["at"].ToUniversalTime().Kind.ShouldBe(DateTimeKind.Utc);
        back["landed"].ToUniversalTime().ShouldBe(beforeEpoch);
        (await events.CountDocumentsAsync(Filter.Eq("at", when))).ShouldBe(1);
        (await events.CountDocumentsAsync(Filter.Gt("at", when))).ShouldBe(0);
        (await events.CountDocumentsAsync(Filter.Gt("at", when.AddMilliseconds(-1)))).ShouldBe(1);
    }

    [Fact]
    public async Task AnUnknownCommandIsACommandExceptionAndTheSameConnectionKeepsWorking()
    {
        using var client = standIn.NewClient(s => s.MaxConnectionPoolSize = 1);
        var admin = client.GetDatabase("admin");
        var connectionBefore = (await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1)))["connectionId"];
        var ex = await Should.ThrowAsync<MongoCommandException>(() => admin.RunCommandAsync<BsonDocument>(new BsonDocument("noSuchCommand", 1)));
        ex.Code.ShouldBe(59);
        ex.CodeName.ShouldBe("CommandNotFound");
        (await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1)))["connectionId"].ShouldBe(connectionBefore);
        (await admin.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1)))["ok"].ToDouble().ShouldBe(1);
    }

    [Fact]
    public async Task AnUnsupportedUpdateIsAStandInErrorAndTheClientKeepsWorking()
    {
        var room = await Room.CreateAsync(standIn.NewDatabase(), free: 4);
        var ex = await Should.ThrowAsync<MongoCommandException>(() =>
            room.Collection.UpdateOneAsync(Room.WithAtLeast(0), new BsonDocument("$set", new BsonDocument("tags.$[t]", "x")),
                new UpdateOptions { ArrayFilters = [new BsonDocumentArrayFilterDefinition<BsonDocument>(new BsonDocument("t", "a"))] }));
        ex.Code.ShouldBe(8000);
        ex.CodeName.ShouldBe("StandInError");
        (await room.ReserveAsync(1)).ShouldBeTrue();
        (await room.FreeAsync()).ShouldBeInt64(3);
    }
}
