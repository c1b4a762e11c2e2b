using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.TreeBench;

/// <summary>
/// Counts the commands a database has served, through the MongoDB stand-in's <c>standinCommandCount</c>, so a
/// request's round trips can be read from outside the worker: the count before and after it.
/// </summary>
public sealed class RoundTrips(IMongoClient client, string database)
{
    public async Task<long> CountAsync() =>
        (await client.GetDatabase(database).RunCommandAsync<BsonDocument>(new BsonDocument("standinCommandCount", 1)))["count"].ToInt64();
}
