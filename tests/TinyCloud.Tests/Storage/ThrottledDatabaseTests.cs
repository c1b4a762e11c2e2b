using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using TinyCloud.Functions.Http;

namespace TinyCloud.Tests.Storage;

public sealed class ThrottledDatabaseTests
{
    [Fact]
    public void CosmosRequestRateTooLargeIsA429NotA500()
    {
        var connection = new ConnectionId(new ServerId(new ClusterId(), new DnsEndPoint("localhost", 27017)));
        var throttled = new MongoCommandException(connection, "Request rate is large", new BsonDocument("insert", "entries"),
            new BsonDocument { ["ok"] = 0, ["code"] = 16500, ["errmsg"] = "Request rate is large" });

        var (status, message) = Failures.Classify(throttled);

        status.ShouldBe(429);
        message.ShouldContain("busy");
    }
}
