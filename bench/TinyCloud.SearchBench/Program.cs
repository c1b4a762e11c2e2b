using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.SearchBench;
using TinyCloud.Tests.Infrastructure;

// p50 and p95 latency and MongoDB round trips of search (the first page, 50 matches at most) through the worker under
// the Functions host, over one user's drive of 10,000 and then 100,000 entries, with varied queries. Round trips are
// counted by the MongoDB stand-in (standinCommandCount) when it is the database; with mongod they are not shown.
string[] queries =
[
    "report", "rep", "invoice 2021", "IMG_12", "cafe", "résumé", "RESUME final", "meeting notes", "q3", "budget draft",
    "tax", "über", "zzz", "photos 2019", "ticket", "m", "scan v2", "contracts signed", "menu", "backup_old",
];
var requests = int.TryParse(Environment.GetEnvironmentVariable("SEARCH_BENCH_REQUESTS"), out var n) ? n : 60;
var sizes = (Environment.GetEnvironmentVariable("SEARCH_BENCH_SIZES") ?? "10000,100000").Split(',').Select(int.Parse).ToArray();

Console.WriteLine("Starting Azurite and MongoDB...");
await using var backends = await Backends.StartAsync();
var mongo = new MongoClient(backends.MongoConnectionString);
TinyCloud.Shared.Storage.SnakeCaseElementNameConvention.Register(); // seeded as the worker stores documents
var counted = backends.MongoKind == "stand-in";

var lines = new List<string>();
foreach (var size in sizes)
{
    var database = $"search_bench_{size}_{Guid.NewGuid():N}"[..30];
    Console.WriteLine($"Seeding {size:N0} entries into {database}...");
    var seeding = Stopwatch.StartNew();
    await Seeder.SeedAsync(mongo.GetDatabase(database), size);
    Console.WriteLine($"  seeded in {seeding.Elapsed.TotalSeconds:F1} s; starting the worker (it makes the indexes)...");
    await using var worker = await Worker.StartAsync(new Dictionary<string, string?>
    {
        ["Mongo:ConnectionString"] = backends.MongoConnectionString, ["Mongo:Database"] = database,
        ["Blob:ConnectionString"] = backends.BlobConnectionString, ["Blob:Container"] = "searchbench",
        ["Auth:JwtSecret"] = "benchmark-only-secret-that-is-at-least-32-bytes", ["Auth:CookieSecure"] = "false",
        ["Cleanup:Schedule"] = "0 0 0 1 1 *", ["Uploads:WatchSchedule"] = "0 0 0 1 1 *", ["Logging:LogLevel:Default"] = "Warning",
        // The periodic index check re-runs the migrations' scans; on the stand-in (one command at a time) they would
        // stall the searches being timed.
        ["Mongo:IndexCheckSeconds"] = "3600", ["Mongo:UniqueIndexCheckSeconds"] = "3600",
    }, null, BuildOutput.WorkerDirectory);
    await UntilHealthyAsync(worker.BaseAddress); // index builds over a large seeded collection take the stand-in a while
    using var client = new Client(worker.BaseAddress);
    client.Http.Timeout = TimeSpan.FromMinutes(5);
    var login = await client.PostAsync("/api/user-service/login", new { user_email = Seeder.Email, password = Seeder.Password });
    if (login.Status != System.Net.HttpStatusCode.OK)
        throw new InvalidOperationException($"login: {login.Status} {login.Body.ToJsonString()}");

    var latencies = new List<double>();
    var trips = new List<long>();
    var matched = new Dictionary<string, int>();
    var failures = new List<string>();
    for (var i = 0; i < requests; i++)
    {
        var query = queries[i % queries.Length];
        var before = counted ? await CountAsync(database) : 0;
        var clock = Stopwatch.StartNew();
        var (status, body) = await client.PostAsync("/api/fs-watching-service/search", new { query });
        latencies.Add(clock.Elapsed.TotalMilliseconds);
        if (counted)
            trips.Add(await CountAsync(database) - before);
        if (status != System.Net.HttpStatusCode.OK)
        {
            // Reported, not hidden: the stand-in busy past the driver's 5 s monitoring timeout makes the worker answer 503.
            failures.Add($"'{query}' {(int)status} after {latencies[^1]:F0} ms");
            latencies.RemoveAt(latencies.Count - 1);
            if (counted)
                trips.RemoveAt(trips.Count - 1);
            continue;
        }
        matched[query] = body["matches"]!.AsArray().Count;
    }
    if (latencies.Count == 0)
    {
        lines.Add($"  {size,7:N0} entries: every request failed: {string.Join("; ", failures)}");
        continue;
    }
    var sorted = latencies.Order().ToList();
    var tripText = counted ? $"   round trips p50 {trips.Order().ElementAt(trips.Count / 2)}, max {trips.Max()}" : "";
    lines.Add($"  {size,7:N0} entries: {latencies.Count} of {requests} requests answered 200, p50 {Percentile(sorted, 0.50),8:F1} ms, p95 {Percentile(sorted, 0.95),8:F1} ms{tripText}");
    if (failures.Count > 0)
        lines.Add($"           failed: {string.Join("; ", failures)}");
    lines.Add($"           first-page matches per query: {string.Join(", ", matched.Select(m => $"{m.Key}={m.Value}"))}");
}

Console.WriteLine($"\nTiny Cloud search benchmark: first page (limit 50) of {queries.Length} queries in turn, one user, " +
    $"MongoDB {backends.MongoKind}, {Environment.ProcessorCount} CPUs");
Console.WriteLine("round trips = MongoDB commands the request caused, the session's user lookup included");
lines.ForEach(Console.WriteLine);

async Task<long> CountAsync(string database) =>
    (await mongo.GetDatabase(database).RunCommandAsync<BsonDocument>(new BsonDocument("standinCommandCount", 1)))["count"].ToInt64();

static async Task UntilHealthyAsync(Uri baseAddress)
{
    using var http = new HttpClient { BaseAddress = baseAddress };
    var deadline = DateTime.UtcNow.AddMinutes(15);
    while ((await http.GetAsync("/api/health")).StatusCode != System.Net.HttpStatusCode.OK)
    {
        if (DateTime.UtcNow > deadline)
            throw new TimeoutException("The worker did not become healthy within 15 minutes.");
        await Task.Delay(500);
    }
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
