using Microsoft.Extensions.Options;
using MongoDB.Driver;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions;

/// <summary>
/// The deploy step <c>dotnet TinyCloud.Functions.dll --create-indexes</c>: with the app's settings (environment,
/// local.settings.json), creates every index the stores declare — on Cosmos DB RU, with <c>Mongo:ShardCollections</c>,
/// the sharded collections first — and says which one failed and why. On RU a unique index can only be built on an
/// empty collection, so this runs before the first write; the worker answers 503 until every index is in place.
/// </summary>
public static class CreateIndexes
{
    public const string Argument = "--create-indexes";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args.Where(a => a != Argument).ToArray());
        builder.Configuration.AddLocalSettings(Path.Combine(AppContext.BaseDirectory, "local.settings.json"));
        builder.Services.AddTinyCloud();
        using var host = builder.Build();
        if (!host.Services.SettingsAreValid())
            return 1;
        var mongo = host.Services.GetRequiredService<IOptions<MongoOptions>>().Value;
        var db = host.Services.GetRequiredService<IMongoDatabase>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var failed = 0;
        Console.WriteLine($"Creating indexes in database {mongo.Database} ({mongo.EffectiveFlavor})");
        if (mongo.EffectiveFlavor == MongoFlavors.CosmosRu && builder.Configuration.GetValue<bool>("Mongo:ShardCollections"))
            foreach (var name in await CollectionLayout.CreateShardedAsync(db, timeout.Token))
                Console.WriteLine($"  created {name}, sharded on {CollectionLayout.ShardKey}");
        foreach (var store in host.Services.GetServices<IHasIndexes>())
        {
            try
            {
                await store.EnsureIndexesAsync(timeout.Token);
                Console.WriteLine($"  ok      {store.GetType().Name}");
            }
            catch (MongoException ex)
            {
                failed++;
                Console.Error.WriteLine($"  FAILED  {store.GetType().Name}: {ex.Message}");
            }
        }
        if (failed > 0)
            Console.Error.WriteLine("Some indexes could not be created. On Cosmos DB RU a unique index needs an empty collection: " +
                "create the collection anew, run this step, then copy the documents in (README, \"Running on Cosmos DB\").");
        return failed == 0 ? 0 : 1;
    }
}
