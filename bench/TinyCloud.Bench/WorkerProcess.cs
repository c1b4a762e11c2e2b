using System.Reflection;
using System.Text.RegularExpressions;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Bench;

/// <summary>
/// The worker as its own process (<c>dotnet TinyCloud.Functions.dll</c>, settings in environment variables), so its
/// memory can be read from /proc. It is the build of the same configuration as this benchmark.
/// </summary>
public sealed partial class WorkerProcess(ChildProcess process, Uri baseAddress) : IAsyncDisposable
{
    public const string JwtSecret = "benchmark-only-secret-that-is-at-least-32-bytes";

    public Uri BaseAddress { get; } = baseAddress;
    public int Pid => process.Id;

    public static async Task<WorkerProcess> StartAsync(Backends backends, long maxUploadMb)
    {
        var configuration = typeof(WorkerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dll = Path.Combine(RepoPaths.Root, "TinyCloud.Functions", "bin", configuration, "net10.0", "TinyCloud.Functions.dll");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Mongo__ConnectionString"] = backends.MongoConnectionString,
            ["Mongo__Database"] = "tinycloud_bench",
            ["Blob__ConnectionString"] = backends.BlobConnectionString,
            ["Blob__Container"] = "bench",
            ["Auth__JwtSecret"] = JwtSecret,
            ["Auth__CookieSecure"] = "false",
            ["Accounts__DefaultQuotaMb"] = "1000000",
            ["Drive__MaxUploadMb"] = maxUploadMb.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        var (process, ready) = await ChildProcess.StartAsync("dotnet", [dll], Listening(), TimeSpan.FromSeconds(60),
            Path.GetDirectoryName(dll), environment);
        return new WorkerProcess(process, new Uri(ready.Groups["url"].Value));
    }

    /// <summary>A line of /proc/PID/status in MiB: VmRSS (now) or VmHWM (peak since start or the last reset).</summary>
    public double MemoryMiB(string field)
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) / 1024.0;
    }

    /// <summary>Restarts VmHWM from the current RSS, so the next reading is the peak of what runs in between.</summary>
    public bool TryResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex Listening();
}
