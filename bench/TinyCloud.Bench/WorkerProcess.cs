using System.Text.RegularExpressions;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Bench;

/// <summary>
/// The worker under the Functions host, as the tests run it, each in its own process so their memory can be read from
/// /proc. Both are the builds of the same configuration as this benchmark.
/// </summary>
public sealed partial class WorkerProcess(ChildProcess host, Uri baseAddress) : IAsyncDisposable
{
    public const string JwtSecret = "benchmark-only-secret-that-is-at-least-32-bytes";

    public Uri BaseAddress { get; } = baseAddress;
    public int HostPid => host.Id;
    public int WorkerPid { get; } = ChildProcess.DescendantRunning(host.Id, "TinyCloud.Functions.dll");

    public static async Task<WorkerProcess> StartAsync(Backends backends, long maxUploadMb)
    {
        var environment = new Dictionary<string, string>
        {
            ["Mongo__ConnectionString"] = backends.MongoConnectionString,
            ["Mongo__Database"] = "tinycloud_bench",
            ["Blob__ConnectionString"] = backends.BlobConnectionString,
            ["Blob__Container"] = "bench",
            ["Activity__QueueConnection"] = backends.BlobConnectionString,
            ["Activity__QueueName"] = "bench-events",
            ["Auth__JwtSecret"] = JwtSecret,
            ["Auth__CookieSecure"] = "false",
            ["Accounts__DefaultQuotaMb"] = "1000000",
            ["Drive__MaxUploadMb"] = maxUploadMb.ToString(),
            ["Cleanup__Schedule"] = "0 0 0 1 1 *",
            ["Uploads__WatchSchedule"] = "0 0 0 1 1 *",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var (process, ready) = await ChildProcess.StartAsync("dotnet",
            [BuildOutput.FunctionsHost, "--script-root", BuildOutput.WorkerDirectory, "--port", "0"], HostReady(),
            TimeSpan.FromSeconds(90), BuildOutput.WorkerDirectory, environment);
        var worker = new WorkerProcess(process, new Uri($"http://127.0.0.1:{ready.Groups["port"].Value}"));
        try
        {
            await worker.UntilHealthyAsync();
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Until /api/health answers 200: before that the worker answers 503 while it makes its indexes.</summary>
    private async Task UntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await http.GetAsync("/api/health")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The worker did not become healthy within 2 minutes.");
            await Task.Delay(200);
        }
    }

    /// <summary>A line of /proc/PID/status in MiB: VmRSS (now) or VmHWM (peak since start or the last reset).</summary>
    public static double MemoryMiB(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) / 1024.0;
    }

    public string Memory(string field) =>
        $"host {MemoryMiB(HostPid, field):F0} MB, worker {MemoryMiB(WorkerPid, field):F0} MB ({field})";

    /// <summary>Restarts VmHWM of both from their current RSS, so the next reading is the peak of what runs in between.</summary>
    public bool TryResetPeak()
    {
        try
        {
            foreach (var pid in new[] { HostPid, WorkerPid })
                File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [GeneratedRegex(@"ready on http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex HostReady();
}
