using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TinyCloud.Functions;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// The worker as it runs in Azure: the built function app under the Functions host (the real <c>func</c> is not
/// available here, so the in-repo emulator, tests/FunctionsHost), on a free loopback port. <see cref="Get{T}"/> hands
/// out the app's own stores and clients built from the same settings, for tests that look behind the API.
/// </summary>
public sealed partial class Worker : IAsyncDisposable
{
    private readonly ChildProcess _host;
    private readonly ServiceProvider _services;
    private readonly WorkerSlots.Slot? _slot;

    private Worker(ChildProcess host, Uri baseAddress, ServiceProvider services, WorkerSlots.Slot? slot)
    {
        (_host, BaseAddress, _services, _slot) = (host, baseAddress, services, slot);
        if (slot is not null)
            slot.Worker = this;
    }

    public Uri BaseAddress { get; }
    /// <summary>What the host and the worker printed so far.</summary>
    public string Output => _host.Output;

    /// <summary>The host's process id (the worker is its child).</summary>
    public int HostProcessId => _host.Id;

    /// <summary>
    /// A crash: SIGKILLs the worker process itself, then stops the host. Killing the host's tree first would leave the
    /// worker a moment (the host's connections drop, its watchdog sends SIGTERM) in which it gives things back, which
    /// a crash would not.
    /// </summary>
    public async Task CrashAsync()
    {
        using (var worker = System.Diagnostics.Process.GetProcessById(ChildProcess.DescendantRunning(HostProcessId, "TinyCloud.Functions.dll")))
        {
            worker.Kill();
            await worker.WaitForExitAsync();
        }
        await DisposeAsync();
    }

    /// <summary>
    /// Starts a worker; in a test, in the <paramref name="slot"/> <see cref="Stack"/> took for it, which it gives back
    /// when it stops (the benchmarks start theirs without one).
    /// </summary>
    public static async Task<Worker> StartAsync(
        IReadOnlyDictionary<string, string?> settings, TimeProvider? clock, string scriptRoot, WorkerSlots.Slot? slot = null)
    {
        var environment = settings.Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        var (host, ready) = await StartHostAsync(scriptRoot, environment);

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (clock is not null)
            services.AddSingleton(clock);
        services.AddTinyCloud();
        return new Worker(host, new Uri($"http://127.0.0.1:{ready.Groups["port"].Value}"), services.BuildServiceProvider(), slot);
    }

    /// <summary>
    /// Starts the host; again when a port it was handed got taken before it could bind it (other processes on the
    /// machine pick free ports too), a race no choice of port can rule out.
    /// </summary>
    private static async Task<(ChildProcess Host, System.Text.RegularExpressions.Match Ready)> StartHostAsync(
        string scriptRoot, Dictionary<string, string> environment)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ChildProcess.StartAsync("dotnet", [BuildOutput.FunctionsHost, "--script-root", scriptRoot, "--port", "0"],
                    HostReady(), TimeSpan.FromSeconds(90), scriptRoot, environment);
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await http.GetAsync("/api/health")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The worker did not become healthy within 60 s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>A browser-like client: its own cookie jar, no automatic redirects.</summary>
    public Client NewClient() => new(BaseAddress, worker: this);

    /// <summary>A client as the original API's clients are: no Accept header, so it gets the original's shapes.</summary>
    public Client NewOriginalClient() => new(BaseAddress, rich: false, worker: this);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
        _slot?.Give();
    }

    [GeneratedRegex(@"ready on http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex HostReady();
}
