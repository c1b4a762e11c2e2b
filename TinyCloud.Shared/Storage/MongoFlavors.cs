using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// The MongoDB servers the worker knows apart, and what differs between them. Azure Cosmos DB for MongoDB refuses
/// retryable writes unless the account enables them (RU: the EnableMongoRetryableWrites capability; the portal's
/// connection strings say retrywrites=false), and closes idle connections after a few minutes.
/// </summary>
public static class MongoFlavors
{
    public const string MongoDb = "mongodb";
    public const string CosmosRu = "cosmos-ru";
    public const string CosmosVCore = "cosmos-vcore";

    public static readonly IReadOnlyList<string> All = [MongoDb, CosmosRu, CosmosVCore];

    /// <summary>From the host names: <c>*.mongocluster.cosmos.azure.com</c> is vCore, <c>*.mongo.cosmos.azure.com</c> (or the old <c>*.documents.azure.com</c>) RU.</summary>
    public static string Detect(string connectionString)
    {
        IEnumerable<string> hosts;
        try
        {
            hosts = MongoUrl.Create(connectionString).Servers.Select(s => s.Host.ToLowerInvariant());
        }
        catch (MongoConfigurationException)
        {
            return MongoDb;
        }
        hosts = hosts.ToList();
        if (hosts.Any(h => h.EndsWith(".mongocluster.cosmos.azure.com", StringComparison.Ordinal)))
            return CosmosVCore;
        return hosts.Any(h => h.EndsWith(".mongo.cosmos.azure.com", StringComparison.Ordinal)
            || h.EndsWith(".documents.azure.com", StringComparison.Ordinal)) ? CosmosRu : MongoDb;
    }

    /// <summary>The client settings a flavor needs on top of the connection string.</summary>
    public static void Apply(string flavor, MongoClientSettings settings)
    {
        if (flavor == MongoDb)
            return;
        settings.RetryWrites = false;
        settings.MaxConnectionIdleTime = TimeSpan.FromMinutes(2);
    }
}
