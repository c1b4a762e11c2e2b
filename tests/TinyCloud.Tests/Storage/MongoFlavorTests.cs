using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Tests.Storage;

public sealed class MongoFlavorTests
{
    [Theory]
    [InlineData("mongodb+srv://u:p@tinycloud.mongocluster.cosmos.azure.com/?tls=true", MongoFlavors.CosmosVCore)]
    [InlineData("mongodb://u:p@tinycloud.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb", MongoFlavors.CosmosRu)]
    [InlineData("mongodb://u:p@old.documents.azure.com:10255/?ssl=true", MongoFlavors.CosmosRu)]
    [InlineData("mongodb://127.0.0.1:27017/?directConnection=true", MongoFlavors.MongoDb)]
    [InlineData("mongodb+srv://u:p@cluster0.abcde.mongodb.net/", MongoFlavors.MongoDb)]
    [InlineData("not a connection string", MongoFlavors.MongoDb)]
    public void TheFlavorIsDetectedFromTheHostName(string connectionString, string flavor) =>
        MongoFlavors.Detect(connectionString).ShouldBe(flavor);

    [Theory]
    [InlineData(MongoFlavors.CosmosRu)]
    [InlineData(MongoFlavors.CosmosVCore)]
    public void CosmosFlavorsTurnRetryableWritesOffAndRetireIdleConnectionsEarly(string flavor)
    {
        var settings = MongoClientSettings.FromConnectionString("mongodb://127.0.0.1:27017/?retryWrites=true");
        MongoFlavors.Apply(flavor, settings);
        settings.RetryWrites.ShouldBeFalse();
        settings.MaxConnectionIdleTime.ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void PlainMongoDbKeepsWhatTheConnectionStringSays()
    {
        var settings = MongoClientSettings.FromConnectionString("mongodb://127.0.0.1:27017/?retryWrites=true");
        MongoFlavors.Apply(MongoFlavors.MongoDb, settings);
        settings.RetryWrites.ShouldBeTrue();
    }
}
