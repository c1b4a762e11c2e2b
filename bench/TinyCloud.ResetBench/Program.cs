using System.Diagnostics;
using System.Net;
using TinyCloud.Tests.Infrastructure;

// request-password-reset for an address with an account and for one without: p50 of RESET_BENCH_REQUESTS (50) each,
// through the worker under the Functions host, mail going to smtp4dev. The two kinds alternate, so whatever else the
// machine does (the background send of the previous mail included) falls on both alike.
var requests = int.TryParse(Environment.GetEnvironmentVariable("RESET_BENCH_REQUESTS"), out var n) ? n : 50;

Console.WriteLine("Starting Azurite, MongoDB and smtp4dev...");
var started = Stopwatch.StartNew();
await using var backends = await Backends.StartAsync();
Console.WriteLine($"  backends ready in {started.Elapsed.TotalSeconds:F1} s");
await using var worker = await Worker.StartAsync(new Dictionary<string, string?>
{
    ["Mongo:ConnectionString"] = backends.MongoConnectionString, ["Mongo:Database"] = "reset_bench_" + Guid.NewGuid().ToString("N")[..8],
    ["Mongo:Flavor"] = backends.MongoFlavor,
    ["Blob:ConnectionString"] = backends.BlobConnectionString, ["Blob:Container"] = "resetbench",
    ["Auth:JwtSecret"] = "benchmark-only-secret-that-is-at-least-32-bytes", ["Auth:CookieSecure"] = "false",
    ["Cleanup:Schedule"] = "0 0 0 1 1 *", ["Logging:LogLevel:Default"] = "Warning",
    ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = backends.SmtpPort.ToString(), ["Mail:Tls"] = "None",
    ["Mail:From"] = "Tiny Cloud <no-reply@tinycloud.test>", ["Mail:PublicBaseUrl"] = "http://tinycloud.test",
    // The throttles would stop a benchmark at the fifth request: it measures the work, not the refusal.
    ["Accounts:MailRequestsPerAccount"] = "100000", ["Accounts:MailRequestsPerAddress"] = "100000",
}, null, BuildOutput.WorkerDirectory);
await worker.WaitUntilHealthyAsync();

using var client = new Client(worker.BaseAddress);
var existing = $"bench-{Guid.NewGuid():N}"[..16] + "@example.com";
var missing = $"nobody-{Guid.NewGuid():N}"[..16] + "@example.com";
var registered = await client.PostAsync("/api/user-service/register", new { user_email = existing, password = "benchmark password", user_name = "bench" + Guid.NewGuid().ToString("N")[..8] });
if (registered.Status != HttpStatusCode.OK)
    throw new InvalidOperationException($"register: {registered.Status} {registered.Body.ToJsonString()}");

var times = new Dictionary<string, List<double>> { [existing] = [], [missing] = [] };
for (var i = -5; i < requests; i++) // five rounds of warm-up first
    foreach (var email in new[] { existing, missing })
    {
        var clock = Stopwatch.StartNew();
        var (status, _) = await client.PostAsync("/api/user-service/request-password-reset", new { user_email = email });
        var ms = clock.Elapsed.TotalMilliseconds;
        if (status != HttpStatusCode.OK)
            throw new InvalidOperationException($"request-password-reset answered {(int)status}");
        if (i >= 0)
            times[email].Add(ms);
    }

var p50Existing = Median(times[existing]);
var p50Missing = Median(times[missing]);
Console.WriteLine($"\nrequest-password-reset, {requests} requests each, alternating, MongoDB {backends.MongoKind}, {Environment.ProcessorCount} CPUs");
Console.WriteLine($"  existing email: p50 {p50Existing,6:F1} ms (p90 {Percentile(times[existing], 0.9),6:F1} ms)");
Console.WriteLine($"  missing email:  p50 {p50Missing,6:F1} ms (p90 {Percentile(times[missing], 0.9),6:F1} ms)");
Console.WriteLine($"  difference of the p50s: {Math.Abs(p50Existing - p50Missing) / Math.Min(p50Existing, p50Missing) * 100:F1} %");

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
