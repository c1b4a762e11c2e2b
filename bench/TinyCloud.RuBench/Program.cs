using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Functions;
using TinyCloud.RuBench;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

// Request units per route, read from the MongoDB stand-in's Cosmos DB RU meter (cosmos-ru profile, entries and shares
// sharded on user_id): each request's own commands, the session check included. Then one TempCleanup run over
// 100 users with N entries each (argument, default 1,000: 100,000 entries), metered the same way and set against the
// run's own estimate.
Environment.SetEnvironmentVariable("TINYCLOUD_STANDIN_PROFILE", "cosmos-ru");
Environment.SetEnvironmentVariable("TINYCLOUD_STANDIN_ARGS", "--shard entries=user_id --shard shares=user_id");
Console.WriteLine("Starting Azurite and the MongoDB stand-in (cosmos-ru profile)...");
await using var backends = await Backends.StartAsync();
var meter = backends.StandIn ?? throw new InvalidOperationException("The RU meter is the stand-in's: unset TINYCLOUD_TEST_MONGO.");
var database = "ru_bench_" + Guid.NewGuid().ToString("N")[..8];
var settings = new Dictionary<string, string?>
{
    ["Mongo:ConnectionString"] = backends.MongoConnectionString, ["Mongo:Database"] = database, ["Mongo:Flavor"] = "cosmos-ru",
    ["Mongo:IndexCheckSeconds"] = "3600", ["Mongo:UniqueIndexCheckSeconds"] = "3600",
    ["Blob:ConnectionString"] = backends.BlobConnectionString, ["Blob:Container"] = "rubench",
    ["Auth:JwtSecret"] = "benchmark-only-secret-that-is-at-least-32-bytes", ["Auth:CookieSecure"] = "false",
    ["Admin:Key"] = Seeder.AdminKey, ["Cleanup:Schedule"] = "0 0 0 1 1 *", ["Uploads:WatchSchedule"] = "0 0 0 1 1 *", ["Logging:LogLevel:Default"] = "Warning",
    ["Cleanup:MaxRequestUnitsPerRun"] = "100000000", ["Cleanup:RequestUnitsPerSecond"] = "0", ["Cleanup:MaxRunSeconds"] = "86400",
    ["Temporary:RetentionHours"] = "1",
};
await using var worker = await Worker.StartAsync(settings, null, BuildOutput.WorkerDirectory);
await worker.WaitUntilHealthyAsync();
var routes = new Routes(meter, database);
var db = new MongoClient(backends.MongoConnectionString + "&retryWrites=false").GetDatabase(database);

var names = new List<string>();
using var me = new Client(worker.BaseAddress);
routes.Add(await routes.MeasureAsync("register", 5, async _ =>
{
    names.Add("u" + Guid.NewGuid().ToString("N")[..12]);
    return await me.PostAsync("/api/user-service/register",
        new { user_email = names[^1] + "@example.com", password = Client.Password, user_name = names[^1] });
}));
routes.Add(await routes.MeasureAsync("login", 5, _ =>
    me.PostAsync("/api/user-service/login", new { user_email = names[0] + "@example.com", password = Client.Password })));
routes.Add(await routes.MeasureAsync("get-current-user", 9, _ => me.GetAsync("/api/user-service/get-current-user")));

(await me.CreateFolderAsync("/layer")).ShouldBeSuccess();
for (var i = 0; i < 200; i++)
    (await me.CreateFolderAsync($"/layer/f{i:D3}")).ShouldBeSuccess();
routes.Add(await routes.MeasureAsync("get-fs-layer of 200 entries", 9, _ =>
    me.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/layer", file_field = "mere" })));
routes.Add(await routes.MeasureAsync("create-folder", 9, run => me.CreateFolderAsync($"/made{run}")));

var megabyte = RandomBytes(1 << 20);
routes.Add(await routes.MeasureAsync("upload-file (1 MB)", 9, run => me.UploadAsync($"/up{run}.bin", megabyte)));
routes.Add(await routes.MeasureAsync("rename-entity", 9, run =>
    me.RenameAsync(run % 2 == 0 ? "/up0.bin" : "/up0r.bin", run % 2 == 0 ? "up0r.bin" : "up0.bin")));
routes.Add(await routes.MeasureAsync("move-entity", 9, run =>
    me.MoveAsync(run % 2 == 0 ? "/up1.bin" : "/layer/up1.bin", run % 2 == 0 ? "/layer/up1.bin" : "/up1.bin")));
routes.Add(await routes.MeasureAsync("download-file (1 MB)", 9, async _ =>
{
    using var response = await me.DownloadAsync("/up2.bin");
    return (response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse("{\"result\":\"success\"}")!);
}));

var userId = await me.UserIdAsync();
for (var copy = 0; copy < 3; copy++)
    await Seeder.FolderOfAsync(db, userId, $"big{copy}", 1000);
routes.Add(await routes.MeasureAsync("delete-entity of a folder of 1,000 entries", 3, run => me.DeleteAsync($"/big{run}", "folder")));

var links = new List<string>();
routes.Add(await routes.MeasureAsync("make-shared", 5, async run =>
{
    var response = await me.PostAsync("/api/shared-service/make-shared", new { fs_entity = Entity($"/up{3 + run}.bin"), file_field = "mere" });
    links.Add(response.Body["hashed_link"]?.GetValue<string>() ?? "");
    return response;
}));
var visitor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = worker.BaseAddress };
routes.Add(await routes.MeasureAsync("public download (shared file, 302 to SAS)", 9, async run =>
{
    using var response = await visitor.GetAsync($"/shared/{names[0]}/{links[run % links.Count]}/file");
    return (response.StatusCode == HttpStatusCode.Redirect ? HttpStatusCode.OK : response.StatusCode,
        System.Text.Json.Nodes.JsonNode.Parse("{\"result\":\"success\"}")!);
}));
routes.Add(await routes.MeasureAsync("list-shared", 5, _ => me.GetAsync("/api/shared-service/list-shared")));

Console.WriteLine($"\nTiny Cloud request units per route: median of N requests, the stand-in's cosmos-ru meter, {Environment.ProcessorCount} CPUs");
Console.WriteLine("RU = request units the request's MongoDB commands cost (the session's user lookup included); commands = how many");
routes.Print();

var perUser = args.Length > 0 && int.TryParse(args[0], out var given) ? given : 1000;
Console.WriteLine($"\nSeeding {100 * perUser:N0} entries of 100 users (10% of them temporary files past retention)...");
var seeded = await Seeder.CleanupDriveAsync(db, users: 100, entriesPerUser: perUser);

// The worker's own CleanupJob with the worker's settings, run in this process: through the Functions host an admin
// run-cleanup is cut off after 240 s, and the single-threaded stand-in scans every document on every query, so
// 100,000 entries take it longer than that (Cosmos DB serves the same queries from its indexes).
await using var cleanup = new ServiceCollection()
    .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
    .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddTinyCloud()
    .AddSingleton<IMongoClient>(_ => PatientClient(backends.MongoConnectionString))
    .BuildServiceProvider();
await meter.RuMeterAsync(database, reset: true);
var clock = Stopwatch.StartNew();
var summary = await cleanup.GetRequiredService<CleanupJob>().TryRunAsync(CancellationToken.None)
    ?? throw new InvalidOperationException("Another cleanup run held the lease.");
var cleanupRu = await meter.RuMeterAsync(database, reset: true);
Console.WriteLine($"  TempCleanup over {seeded:N0} entries of 100 users: {cleanupRu.RequestCharge,10:N0} RU metered in {cleanupRu.Requests:N0} commands, " +
    $"{clock.Elapsed.TotalSeconds:F0} s on the stand-in");
// The RU defaults: 100,000 RU per run, paced at 100 RU/s, for at most 480 s.
var perRun = Math.Min(100_000, 100.0 * 480);
Console.WriteLine($"    {cleanupRu.RequestCharge / seeded:F2} RU per entry; at the RU defaults ({perRun:N0} RU a run): " +
    $"{Math.Ceiling(cleanupRu.RequestCharge / perRun):N0} hourly run(s)");
Console.WriteLine($"    its own estimate {summary.RequestUnits:N0} RU; purged {summary.TemporaryPurged.Count} entries; " +
    $"users checked {summary.Quotas.UsersChecked}; budget exhausted: {summary.BudgetExhausted}");
foreach (var (command, charge) in cleanupRu.Commands.OrderByDescending(c => c.Value.RequestCharge).Take(6))
    Console.WriteLine($"    {command,-16} {charge.Count,8:N0} commands {charge.RequestCharge,12:N0} RU");
Console.WriteLine(cleanupRu.Unindexed.Count == 0 ? "    every query was served by an index"
    : "    queries no index served (charged a whole-collection scan): " + string.Join("; ", cleanupRu.Unindexed.Select(u => $"{u.Key} ×{u.Value}")));

// The stand-in answers one command at a time: a long scan must not look like a dead server to the heartbeat.
static MongoClient PatientClient(string connectionString)
{
    var client = MongoClientSettings.FromConnectionString(connectionString);
    client.ConnectTimeout = client.HeartbeatTimeout = client.ServerSelectionTimeout = TimeSpan.FromMinutes(2);
    MongoFlavors.Apply(MongoFlavors.CosmosRu, client);
    return new MongoClient(client);
}
