using System.Diagnostics;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using TinyCloud.CleanupBench;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Search;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Uploads;

// Times one TempCleanup run over 20,000 entries of 200 users, then a second run over what is left.
// Needs Mongo__ConnectionString and Blob__ConnectionString (bench/cleanup-bench.sh starts both).
const int Users = 200;
const int BlobsPerUser = 10;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args)
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Mongo:Database"] = "cleanup_bench_" + Guid.NewGuid().ToString("N")[..8],
        ["Blob:Container"] = "bench" + Guid.NewGuid().ToString("N")[..12],
        ["Cleanup:MaxRunSeconds"] = "86400", // a whole run, however long the stand-in takes
    }).Build();
var services = new ServiceCollection()
    .AddSingleton<IConfiguration>(configuration)
    .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
        .AddFilter("TinyCloud.Shared.Maintenance.CleanupJob", LogLevel.Information))
    .AddSingleton<TimeProvider>(new ShiftedClock(TimeSpan.FromHours(2)))
    .AddStorage().AddStore<UserStore>().AddDrive().AddSearch().AddUploads().AddSharing().AddRemoval().AddCleanup().AddTrash()
    .AddSingleton<Seeder>()
    .AddSingleton<IMongoClient>(_ => new MongoClient(PatientSettings(configuration["Mongo:ConnectionString"]!)));
await using var provider = services.BuildServiceProvider();

await provider.GetRequiredService<BlobContainerClient>().CreateIfNotExistsAsync();
var seeding = Stopwatch.StartNew();
await provider.GetRequiredService<Seeder>().SeedAsync(Users, BlobsPerUser, CancellationToken.None);
// Indexes come after the data: the stand-in checks unique indexes on insert by scanning the collection.
foreach (var store in provider.GetServices<IHasIndexes>())
    await store.EnsureIndexesAsync(CancellationToken.None);
Console.WriteLine($"seeded {Users * Seeder.EntriesPerUser} entries of {Users} users and {Users * BlobsPerUser} blobs in {seeding.Elapsed.TotalSeconds:F1} s");

var job = provider.GetRequiredService<CleanupJob>();
var entries = provider.GetRequiredService<IMongoDatabase>().GetCollection<EntryDocument>(EntryStore.CollectionName);
foreach (var label in new[] { "first run", "second run" })
{
    var before = await entries.EstimatedDocumentCountAsync();
    var summary = await job.TryRunAsync(CancellationToken.None) ?? throw new InvalidOperationException("The lease was held.");
    Console.WriteLine($"{label}: {before} entries in {summary.DurationMs / 1000.0:F1} s = {before * 1000.0 / Math.Max(1, summary.DurationMs):F0} entries/s");
    Console.WriteLine($"  {summary}");
    Console.WriteLine($"  step durations: abandoned uploads {summary.AbandonedUploads.DurationMs} ms, temporary purge {summary.TemporaryPurged.DurationMs} ms, " +
        $"tree repair {summary.TreeRepairs.DurationMs} ms, orphan sweep {summary.OrphanBlobs.DurationMs} ms, quotas {summary.Quotas.DurationMs} ms, shares {summary.ExpiredShares.DurationMs} ms");
}

// The stand-in answers one command at a time: a long scan must not look like a dead server to the heartbeat,
// or the driver would retry a write that in fact succeeded.
static MongoClientSettings PatientSettings(string connectionString)
{
    var settings = MongoClientSettings.FromConnectionString(connectionString);
    settings.ConnectTimeout = settings.HeartbeatTimeout = settings.ServerSelectionTimeout = TimeSpan.FromMinutes(2);
    return settings;
}
