using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Activity;
using TinyCloud.Tests.Infrastructure;

// EVENT_BENCH_USERS (20) users for EVENT_BENCH_SECONDS (120) of mixed traffic (upload, share, open, download, unshare,
// delete), each with a webhook for every event kind to a healthy loopback receiver, through the worker under the
// Functions host (the events queue on Azurite). Then: every event in the log delivered exactly once (by event id)?
// And the event write's own cost (the insert plus the enqueue a request pays), p50/p95 over 500 writes on the same backends.
var users = int.TryParse(Environment.GetEnvironmentVariable("EVENT_BENCH_USERS"), out var u) ? u : 20;
var seconds = int.TryParse(Environment.GetEnvironmentVariable("EVENT_BENCH_SECONDS"), out var s) ? s : 120;

Console.WriteLine("Starting Azurite (Blob, Queue), MongoDB and smtp4dev...");
await using var backends = await Backends.StartAsync();
var database = "event_bench_" + Guid.NewGuid().ToString("N")[..8];
await using var worker = await Worker.StartAsync(new Dictionary<string, string?>
{
    ["Mongo:ConnectionString"] = backends.MongoConnectionString, ["Mongo:Database"] = database, ["Mongo:Flavor"] = backends.MongoFlavor,
    ["Blob:ConnectionString"] = backends.BlobConnectionString, ["Blob:Container"] = "eventbench",
    ["Activity:QueueName"] = "eventbench" + Guid.NewGuid().ToString("N")[..8], ["Activity:QueueConnection"] = backends.BlobConnectionString,
    ["Webhooks:AllowLocalTargets"] = "true",
    ["Auth:JwtSecret"] = "benchmark-only-secret-that-is-at-least-32-bytes", ["Auth:CookieSecure"] = "false",
    ["Cleanup:Schedule"] = "0 0 0 1 1 *", ["Uploads:WatchSchedule"] = "0 0 0 1 1 *", ["Logging:LogLevel:Default"] = "Warning",
    ["Login:FailuresPerAddress"] = "100000", ["Shares:RequestsPerAddressPerMinute"] = "1000000", ["Shares:RequestsPerLinkPerMinute"] = "1000000",
}, null, BuildOutput.WorkerDirectory);
await worker.WaitUntilHealthyAsync();
await using var receiver = await WebhookReceiver.StartAsync();

var clients = new List<Client>();
for (var i = 0; i < users; i++)
{
    var client = await new Client(worker.BaseAddress, worker: worker).SignUpAsync();
    var created = await client.PostAsync("/api/activity-service/create-webhook", new { url = receiver.Url() });
    if (created.Status != HttpStatusCode.OK)
        throw new InvalidOperationException($"create-webhook: {created.Body.ToJsonString()}");
    clients.Add(client);
}

Console.WriteLine($"Mixed traffic: {users} users for {seconds} s...");
var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
var errors = 0;
async Task<T> Timed<T>(string route, Func<Task<T>> call)
{
    var clock = Stopwatch.StartNew();
    var result = await call();
    latencies.GetOrAdd(route, _ => []).Add(clock.Elapsed.TotalMilliseconds);
    return result;
}
var until = DateTime.UtcNow.AddSeconds(seconds);
var bytes = new byte[4096];
// The event write (insert, dispatch flag, enqueue when the flag was down) timed on its own beside the traffic, as a
// request pays it under that load: a user with no endpoints, 5 writes a second.
var log = worker.Get<ActivityLog>();
var loaded = new List<double>();
var beside = Task.Run(async () =>
{
    while (DateTime.UtcNow < until)
    {
        var clock = Stopwatch.StartNew();
        await log.RecordAsync(-1, ActivityKinds.WebhookTest, new ActivityDetails(Detail: "bench"), CancellationToken.None);
        loaded.Add(clock.Elapsed.TotalMilliseconds);
        await Task.Delay(200);
    }
});
await Task.WhenAll(clients.Select(async (client, n) =>
{
    var visitor = ShareCalls.Stranger();
    visitor.BaseAddress = worker.BaseAddress;
    for (var round = 0; DateTime.UtcNow < until; round++)
    {
        var path = $"/f{round}.bin";
        try
        {
            if ((await Timed("upload-file", () => client.UploadAsync(path, bytes))).Status != HttpStatusCode.OK) { Interlocked.Increment(ref errors); continue; }
            var link = await Timed("make-shared", () => client.LinkAsync(path));
            await Timed("public link opened", () => visitor.GetAsync($"/shared/{client.UserName}/{link}"));
            using (await Timed("public download (302)", () => visitor.GetAsync($"/shared/{client.UserName}/{link}/file"))) { }
            await Timed("make-unshared", () => client.UnshareAsync(path));
            await Timed("delete-entity", () => client.DeleteAsync(path));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Shouldly.ShouldAssertException)
        {
            Interlocked.Increment(ref errors);
        }
    }
}));
await beside;

Console.WriteLine("Waiting for every event to be dispatched and delivered...");
var activity = worker.Get<IMongoDatabase>().GetCollection<BsonDocument>("activity");
var expected = (await activity.Find(new BsonDocument("user_id", new BsonDocument("$gte", 0))).Project(new BsonDocument("_id", 1)).ToListAsync()).Select(d => "evt_" + d["_id"].AsObjectId).ToHashSet();
var drain = Stopwatch.StartNew();
while (drain.Elapsed < TimeSpan.FromMinutes(5) && !expected.IsSubsetOf(receiver.Received.Select(r => r.Id)))
    await Task.Delay(500);
await Task.Delay(TimeSpan.FromSeconds(5)); // anything sent twice has arrived by now
var received = receiver.Received.Select(r => r.Id).ToList();
var counts = received.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());

Console.WriteLine("Measuring the event write (insert + enqueue) in process, 500 times...");
var writes = new List<double>();
for (var i = -20; i < 500; i++)
{
    var clock = Stopwatch.StartNew();
    await log.RecordAsync(-1, ActivityKinds.WebhookTest, new ActivityDetails(Detail: "bench"), CancellationToken.None);
    if (i >= 0)
        writes.Add(clock.Elapsed.TotalMilliseconds);
}

Console.WriteLine($"""

    Event delivery benchmark: {users} users × {seconds} s of mixed traffic, webhooks for every kind to a loopback receiver
    worker under the Functions host emulator; Azurite Blob + Queue; MongoDB: {backends.MongoKind}; {Environment.ProcessorCount} CPUs; load {File.ReadAllText("/proc/loadavg").Trim()}
      events in the log:               {expected.Count}
      delivered exactly once:          {expected.Count(id => counts.GetValueOrDefault(id) == 1)}
      delivered more than once:        {expected.Count(id => counts.GetValueOrDefault(id) > 1)}
      not delivered (after {drain.Elapsed.TotalSeconds:F0} s drain): {expected.Count(id => !counts.ContainsKey(id))}
      request errors:                  {errors}
    request latency (ms)                 count    p50    p95
    """);
foreach (var (route, times) in latencies.OrderBy(r => r.Key))
    Console.WriteLine($"      {route,-28} {times.Count,7} {Percentile(times, 0.5),6:F1} {Percentile(times, 0.95),6:F1}");
Console.WriteLine($"    the event write alone (what each of those requests adds per event), beside the traffic: p50 {Percentile(loaded, 0.5):F1} ms, p95 {Percentile(loaded, 0.95):F1} ms ({loaded.Count} writes)");
Console.WriteLine($"    the event write alone, on the idle stack afterwards:                              p50 {Percentile(writes, 0.5):F1} ms, p95 {Percentile(writes, 0.95):F1} ms ({writes.Count} writes)");

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
