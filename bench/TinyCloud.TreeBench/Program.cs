using System.Text.RegularExpressions;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.TreeBench;

// MongoDB round trips and p50 latency of get-fs-layer (200 entries at depth 1 and at depth 8) and of renaming a
// folder with 10,000 descendants, through the worker under the Functions host, for the id-based tree and, given
// --legacy DLL (a build of the path-keyed worker, bench/tree-bench.sh makes one), for the path-keyed model before it.
// Round trips are counted by the MongoDB stand-in (standinCommandCount), so this needs the stand-in.
var legacyDll = args.SkipWhile(a => a != "--legacy").Skip(1).FirstOrDefault();
var runs = 21;

Console.WriteLine("Starting Azurite and the MongoDB stand-in...");
await using var backends = await Backends.StartAsync();
if (backends.MongoKind != "stand-in")
    throw new InvalidOperationException("Round trips are counted by the stand-in: unset TINYCLOUD_TEST_MONGO and take mongod off PATH.");
var mongo = new MongoClient(backends.MongoConnectionString);
TinyCloud.Shared.Storage.SnakeCaseElementNameConvention.Register(); // the seeded users are stored as the worker stores them

var results = new List<(string Model, List<Measured> Figures)>();
if (legacyDll is not null)
    results.Add(("path-keyed (before)", await RunAsync(legacy: true)));
results.Add(("id-based tree (after)", await RunAsync(legacy: false)));

Console.WriteLine($"\nTiny Cloud tree benchmark: median of {runs} requests each (rename: 5 runs, path-keyed 1), MongoDB stand-in, {Environment.ProcessorCount} CPUs");
Console.WriteLine("round trips = MongoDB commands the request caused, the session's user lookup included");
foreach (var (model, figures) in results)
{
    Console.WriteLine($"\n{model}");
    figures.ForEach(f => Console.WriteLine(f));
}

async Task<List<Measured>> RunAsync(bool legacy)
{
    var database = $"tree_bench_{(legacy ? "legacy" : "tree")}_{Guid.NewGuid():N}"[..32];
    Console.WriteLine($"Seeding {(legacy ? "the path-keyed" : "the id-based")} drive into {database}...");
    await Seeder.SeedAsync(mongo.GetDatabase(database), legacy);
    var (worker, baseAddress) = await StartAsync(legacy, database);
    await using var stop = worker;
    using var client = new Client(baseAddress);
    client.Http.Timeout = TimeSpan.FromMinutes(30);
    await client.PostAsync("/api/user-service/login", new { user_email = Seeder.Email, password = Seeder.Password }).ShouldSucceedAsync();
    var trips = new RoundTrips(mongo, database);
    var figures = new List<Measured>();
    foreach (var (label, folder) in new[] { ("get-fs-layer, 200 entries at depth 1", "/d1"), ("get-fs-layer, 200 entries at depth 8", Seeder.DeepFolder) })
        figures.Add(await Scenario.MeasureAsync(label, trips, runs, _ =>
            client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = folder, file_field = "mere" }).ShouldSucceedAsync()));
    // The path-keyed rename rewrites every descendant, which the stand-in (a scan per update) makes slow: one run of it.
    figures.Add(await Scenario.MeasureAsync("rename-entity of a folder with 10,000 descendants", trips, legacy ? 1 : 5, run =>
        client.RenameAsync(run % 2 == 0 ? "/big" : "/big2", run % 2 == 0 ? "big2" : "big", "folder").ShouldSucceedAsync()));
    return figures;
}

async Task<(IAsyncDisposable Worker, Uri BaseAddress)> StartAsync(bool legacy, string database)
{
    var settings = new Dictionary<string, string?>
    {
        ["Mongo:ConnectionString"] = backends.MongoConnectionString, ["Mongo:Database"] = database,
        ["Blob:ConnectionString"] = backends.BlobConnectionString, ["Blob:Container"] = "treebench",
        ["Auth:JwtSecret"] = "benchmark-only-secret-that-is-at-least-32-bytes", ["Auth:CookieSecure"] = "false",
        ["Cleanup:Schedule"] = "0 0 0 1 1 *", ["Logging:LogLevel:Default"] = "Warning",
    };
    if (!legacy)
    {
        var hosted = await Worker.StartAsync(settings, null, BuildOutput.WorkerDirectory);
        return (hosted, hosted.BaseAddress);
    }
    // The path-keyed worker was an ASP.NET Core app of its own (a custom handler), started directly.
    var environment = settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!);
    environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
    environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
    var (process, ready) = await ChildProcess.StartAsync("dotnet", [legacyDll!], new Regex(@"Now listening on: (?<url>http://\S+)"),
        TimeSpan.FromSeconds(90), Path.GetDirectoryName(legacyDll!), environment);
    return (process, new Uri(ready.Groups["url"].Value));
}
