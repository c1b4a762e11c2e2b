using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Which collections may be sharded, and on what. <c>entries</c> and <c>shares</c> grow with the users' drives and are
/// only ever reached through one user, so they shard on <c>user_id</c>: every unique index starts with it and every
/// single-document write names it. The rest stay unsharded: <c>users</c> because its names and emails are unique across
/// everyone (a sharded collection's unique index must start with the shard key), and <c>sessions</c>, <c>login_throttle</c>,
/// <c>account_throttle</c>, <c>account_tokens</c>, <c>mail_outbox</c>, <c>leases</c>, <c>counters</c>, <c>quota_drifts</c>,
/// <c>cleanup_cursors</c> and <c>schema_steps</c> because they are small and keyed by their own ids. On Cosmos DB RU a collection is sharded when it is created, so <c>--create-indexes</c> creates these first.
/// </summary>
public static class CollectionLayout
{
    public const string ShardKey = "user_id";

    public static readonly IReadOnlyList<string> ShardedByUser = ["entries", "shares"];

    /// <summary>Creates the sharded collections that do not exist yet, with Cosmos DB's CreateCollection custom action.</summary>
    public static async Task<List<string>> CreateShardedAsync(IMongoDatabase db, CancellationToken ct)
    {
        var existing = (await (await db.ListCollectionNamesAsync(cancellationToken: ct)).ToListAsync(ct)).ToHashSet();
        var created = new List<string>();
        foreach (var name in ShardedByUser.Where(n => !existing.Contains(n)))
        {
            await db.RunCommandAsync<BsonDocument>(
                new BsonDocument { { "customAction", "CreateCollection" }, { "collection", name }, { "shardKey", ShardKey } },
                cancellationToken: ct);
            created.Add(name);
        }
        return created;
    }
}
