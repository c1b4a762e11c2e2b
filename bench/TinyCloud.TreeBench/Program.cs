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

Console.WriteLine($"\nTiny Cloud tree benchmark: median of {runs} requests each (rename: 5 runs; path-keyed: 3 of 1,000, 1 of 10,000), MongoDB stand-in, {Environment.ProcessorCount} CPUs");
Console.WriteLine("round trips = MongoDB commands the request caused, the session's user lookup included");
foreach (var (model, figures) in results)
{
    Console.WriteLine($"\n{model}");
    figures.ForEach(f => Console.WriteLine(f));
}

async Task<List<Measured>> RunAsync(bool legacy)
{
    var figures = new List<Measured>();
    // A drive of /mid alone first: small enough for the path-keyed rename to finish on the stand-in.
    var (small, smallTrips) = await OpenAsync(legacy, onlyMid: true);
    await using (small.Worker)
        figures.Add(await RenameAsync(small.Client, smallTrips, "/mid", "1,000 (drive of 1,001 entries)", legacy ? 3 : 5));

    var (full, trips) = await OpenAsync(legacy, onlyMid: false);
    await using var stop = full.Worker;
    var client = full.Client;
    foreach (var (label, folder) in new[] { ("get-fs-layer, 200 entries at depth 1", "/d1"), ("get-fs-layer, 200 entries at depth 8", Seeder.DeepFolder) })
        figures.Add(await Scenario.MeasureAsync(label, trips, runs, _ =>
            client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = folder, file_field = "mere" }).ShouldSucceedAsync()));
    figures.Add(await RenameAsync(client, trips, "/mid", "1,000 (drive of 11,411 entries)", legacy ? 3 : 5));
    // The path-keyed rename of 10,000 rewrites 10,000 documents; each bulk write of 500 takes the stand-in (a scan per
    // update) longer than the worker's 5 s MongoDB timeout, so that request answers 503: it is tried once and reported.
    figures.Add(await RenameAsync(client, trips, "/big", "10,000 (drive of 11,411 entries)", legacy ? 1 : 5));
    return figures;
}

async Task<((IAsyncDisposable Worker, Client Client), RoundTrips)> OpenAsync(bool legacy, bool onlyMid)
{
    var database = $"tree_bench_{(legacy ? "legacy" : "tree")}_{Guid.NewGuid():N}"[..32];
    Console.WriteLine($"Seeding {(legacy ? "the path-keyed" : "the id-based")} drive into {database}...");
    await Seeder.SeedAsync(mongo.GetDatabase(database), legacy, onlyMid);
    var (worker, baseAddress) = await StartAsync(legacy, database);
    // On a seeded database the worker answers 503 until its index builds are done; /api/health says when.
    await Scenario.UntilHealthyAsync(baseAddress);
    var client = new Client(baseAddress);
    client.Http.Timeout = TimeSpan.FromMinutes(30);
    await client.PostAsync("/api/user-service/login", new { user_email = Seeder.Email, password = Seeder.Password }).ShouldSucceedAsync();
    return ((worker, client), new RoundTrips(mongo, database));
}

async Task<Measured> RenameAsync(Client client, RoundTrips trips, string folder, string size, int count)
{
    try
    {
        return await Scenario.MeasureAsync($"rename-entity of a folder with {size} descendants", trips, count, run =>
            client.RenameAsync(run % 2 == 0 ? folder : folder + "2", (run % 2 == 0 ? folder + "2" : folder)[1..], "folder").ShouldSucceedAsync());
    }
    catch (InvalidOperationException ex)
    {
        return new Measured($"rename-entity of a folder with {size} descendants: FAILED ({ex.Message[..Math.Min(60, ex.Message.Length)]})", 0, 0, 0);
    }
}

async Task<(IAsyncDisposable Worker, Uri BaseAddress)> StartAsync(bool legacy, string database)
{
    var settings = new Dictionary<string, string?>
    {
        ["Mongo:ConnectionString"] = backends.MongoConnectionString, ["Mongo:Database"] = database,
        ["Blob:ConnectionString"] = backends.BlobConnectionString, ["Blob:Container"] = "treebench",
        ["Auth:JwtSecret"] = "benchmark-only-secret-that-is-at-least-32-bytes", ["Auth:CookieSecure"] = "false",
        ["Cleanup:Schedule"] = "0 0 0 1 1 *", ["Uploads:WatchSchedule"] = "0 0 0 1 1 *", ["Logging:LogLevel:Default"] = "Warning",
        ["Mongo:UniqueIndexCheckSeconds"] = "3600", // no index listing between the round-trip counts
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
