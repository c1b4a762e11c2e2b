using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Tests.MongoStandIn;

/// <summary>Writes the cosmos-ru profile refuses (documents over 2 MB, retryable writes) and the mongodb profile accepts.</summary>
public sealed class CosmosRuWriteRefusalTests(CosmosRuStandIn cosmos, StandInFixture mongo)
    : IClassFixture<CosmosRuStandIn>, IClassFixture<StandInFixture>
{
    private const string RetryableWritesRefused = "Retryable writes are not supported. Please disable retryable writes by " +
        "specifying \"retrywrites=false\" in the connection string or an equivalent driver specific config.";
    private static readonly string OverTwoMegabytes = new('x', 2 * 1024 * 1024 + 1);

    [Fact]
    public async Task InsertingADocumentOver2MbIsCode16RequestSizeIsTooLargeOnCosmosRuAndStoresNothing()
    {
        var files = cosmos.NewDatabase().GetCollection<BsonDocument>("files");
        var ex = await Should.ThrowAsync<MongoWriteException>(() => files.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "body", OverTwoMegabytes } }));
        ex.WriteError.Code.ShouldBe(16);
        ex.WriteError.Message.ShouldStartWith("Error=16, Details='Response status code does not indicate success: RequestEntityTooLarge (413)");
        ex.WriteError.Message.ShouldContain("Request size is too large");
        (await files.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(0);
        await files.InsertOneAsync(new BsonDocument { { "_id", 2 }, { "body", new string('x', 2 * 1024 * 1024 - 100) } }); // just under: fine
        var mongoFiles = mongo.NewDatabase().GetCollection<BsonDocument>("files");
        await mongoFiles.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "body", OverTwoMegabytes } });
        (await mongoFiles.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(1);
    }

    [Fact]
    public async Task AnUpdateThatGrowsADocumentOver2MbIsCode16OnCosmosRuAndLeavesTheDocumentAsItWas()
    {
        var grow = Builders<BsonDocument>.Update.Set("body", OverTwoMegabytes).Inc("version", 1);
        var byId = Builders<BsonDocument>.Filter.Eq("_id", 1);
        var files = cosmos.NewDatabase().GetCollection<BsonDocument>("files");
        await files.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "body", "small" }, { "version", 1 } });
        var ex = await Should.ThrowAsync<MongoWriteException>(() => files.UpdateOneAsync(byId, grow));
        ex.WriteError.Code.ShouldBe(16);
        ex.WriteError.Message.ShouldContain("Request size is too large");
        (await files.Find(byId).SingleAsync()).ShouldBe(new BsonDocument { { "_id", 1 }, { "body", "small" }, { "version", 1 } });
        var mongoFiles = mongo.NewDatabase().GetCollection<BsonDocument>("files");
        await mongoFiles.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "body", "small" }, { "version", 1 } });
        (await mongoFiles.UpdateOneAsync(byId, grow)).ModifiedCount.ShouldBe(1);
    }

    [Fact]
    public async Task ARetryableWriteIsBadValue2OnCosmosRuWithoutTheCapabilityAndIsAcceptedOnMongoDb()
    {
        var database = $"standin_{Guid.NewGuid():N}"[..20];
        using var retrying = cosmos.NewClient(s => s.RetryWrites = true);
        var ex = await Should.ThrowAsync<MongoCommandException>(() =>
            retrying.GetDatabase(database).GetCollection<BsonDocument>("users").InsertOneAsync(new BsonDocument("name", "amy")));
        (ex.Code, ex.ErrorMessage).ShouldBe((2, RetryableWritesRefused));
        var users = cosmos.Client.GetDatabase(database).GetCollection<BsonDocument>("users"); // retryWrites=false
        (await users.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(0);
        await users.InsertOneAsync(new BsonDocument("name", "amy"));
        (await users.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(1);
        using var mongoRetrying = mongo.NewClient(s => s.RetryWrites = true);
        await mongoRetrying.GetDatabase(database).GetCollection<BsonDocument>("users").InsertOneAsync(new BsonDocument("name", "amy"));
    }
}

/// <summary>A cosmos-ru account with the EnableMongoRetryableWrites capability.</summary>
public sealed class RetryableWritesCapabilityTests(RetryableWritesCosmosRuStandIn cosmos) : IClassFixture<RetryableWritesCosmosRuStandIn>
{
    [Fact]
    public async Task WithTheEnableMongoRetryableWritesCapabilityRetryableWritesAreAccepted()
    {
        var users = cosmos.NewDatabase().GetCollection<BsonDocument>("users"); // the driver's default: retryWrites=true
        await users.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "name", "amy" } });
        var updated = await users.FindOneAndUpdateAsync(Builders<BsonDocument>.Filter.Eq("_id", 1),
            Builders<BsonDocument>.Update.Set("name", "bea"), new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After });
        updated["name"].AsString.ShouldBe("bea");
        (await users.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", 1))).DeletedCount.ShouldBe(1);
    }
}
