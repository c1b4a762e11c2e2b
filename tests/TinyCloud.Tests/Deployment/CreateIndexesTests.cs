using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

[Collection(Areas.Drive)]
[Trait(Flavor.Trait, Flavor.Dependent)]
public sealed class CreateIndexesTests(Stack stack)
{
    [Fact]
    public async Task TheCreateIndexesStepMakesEveryStoresIndexesInAFreshDatabaseAndExitsZero()
    {
        var database = "tinycloud_indexes_" + Guid.NewGuid().ToString("N")[..8];
        var (exitCode, output) = await RunAsync(new() { ["Mongo:Database"] = database });

        exitCode.ShouldBe(0, output);
        output.ShouldContain($"Creating indexes in database {database}");
        output.ShouldContain("ok      EntryStore");
        output.ShouldContain("ok      ShareStore");
        output.ShouldNotContain("FAILED");
        var db = new MongoClient(stack.Backends.MongoConnectionString).GetDatabase(database);
        (await IndexNamesAsync(db, "entries")).ShouldContain("user_parent_name_unique");
        (await IndexNamesAsync(db, "shares")).ShouldContain("user_link_unique");
        (await IndexNamesAsync(db, "shares")).ShouldContain("user_id_1_created_at_1");
        (await IndexNamesAsync(db, "users")).ShouldContain("user_name_key_unique");
        var steps = await db.GetCollection<BsonDocument>("schema_steps").Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        steps.Select(s => s["_id"].AsString).Order().ToList().ShouldBe(["id-based-tree", "search-keys"], "the data steps ran, so workers skip them");
    }

    [Fact]
    public async Task TheCreateIndexesStepRefusesABadSettingWithExitCodeOneAndNamesIt()
    {
        var (exitCode, output) = await RunAsync(new() { ["Mongo:Flavor"] = "oracle" });

        exitCode.ShouldBe(1, output);
        output.ShouldContain("Configuration error: Mongo:Flavor must be one of mongodb, cosmos-ru, cosmos-vcore");
    }

    private async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["Mongo:ConnectionString"] = stack.Backends.MongoConnectionString,
            ["Blob:ConnectionString"] = stack.Backends.BlobConnectionString,
            ["Auth:JwtSecret"] = Stack.JwtSecret,
            ["DOTNET_hostBuilder:reloadConfigOnChange"] = "false",
        };
        if (stack.Backends.MongoFlavor is { } flavor)
            environment["Mongo:Flavor"] = flavor; // the stand-in's profile: a real Cosmos DB host is detected

        foreach (var (key, value) in settings)
            environment[key] = value;
        return await ChildProcess.RunAsync("dotnet",
            [Path.Combine(BuildOutput.WorkerDirectory, "TinyCloud.Functions.dll"), "--create-indexes"], BuildOutput.WorkerDirectory,
            environment.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value));
    }

    private static async Task<List<string>> IndexNamesAsync(IMongoDatabase db, string collection) =>
        (await (await db.GetCollection<BsonDocument>(collection).Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString).ToList();
}
