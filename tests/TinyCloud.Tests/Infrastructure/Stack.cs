namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// The whole system under test, shared by every integration test: the backend processes plus one worker on a
/// real loopback port, under the Functions host. Tests needing other settings start extra workers against the same backends.
/// </summary>
public sealed class Stack : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string JwtSecret = "tests-only-secret-that-is-at-least-32-bytes-long";

    private readonly List<Worker> _extraWorkers = [];

    public Backends Backends { get; private set; } = null!;
    public Worker Worker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Backends = await Infrastructure.Backends.StartAsync();
        Worker = await StartWorkerAsync();
    }

    /// <summary>
    /// An extra worker; with <paramref name="clock"/> it lives at that clock's time. <paramref name="scriptRoot"/> is the
    /// function app folder the host runs (default: this build's). Unless <paramref name="untilHealthy"/> is false (a test
    /// of broken backends), it returns once /api/health answers 200: storage and every index in place.
    /// </summary>
    public async Task<Worker> StartWorkerAsync(
        IDictionary<string, string?>? settings = null, string? database = null, ShiftedClock? clock = null,
        string? scriptRoot = null, bool untilHealthy = true)
    {
        var config = new Dictionary<string, string?>
        {
            ["Mongo:ConnectionString"] = Backends.MongoConnectionString,
            ["Mongo:Database"] = database ?? "tinycloud_test_" + Guid.NewGuid().ToString("N")[..8],
            ["Mongo:Flavor"] = Backends.MongoFlavor, // the stand-in's profile (TINYCLOUD_STANDIN_PROFILE), else detected
            ["Blob:ConnectionString"] = Backends.BlobConnectionString,
            ["Blob:Container"] = "tc" + Guid.NewGuid().ToString("N")[..12],
            ["Auth:JwtSecret"] = JwtSecret,
            ["Auth:CookieSecure"] = "false",
            ["Admin:Key"] = AdminKey,
            ["Cleanup:Schedule"] = "0 0 0 1 1 *", // no scheduled TempCleanup run unless a test asks for one
            ["Cleanup:RequestUnitsPerSecond"] = "0", // unpaced even in the cosmos-ru flavor; CleanupPacingTests set their own
            ["Logging:LogLevel:Default"] = "Warning",
            ["Clock:OffsetFile"] = clock?.OffsetFile,
            // Every test client shares 127.0.0.1: the per-address login limit is tested on workers of its own.
            ["Login:FailuresPerAddress"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        var worker = await Worker.StartAsync(config, clock, scriptRoot ?? BuildOutput.WorkerDirectory);
        if (untilHealthy)
            await worker.WaitUntilHealthyAsync();
        if (Worker is not null)
            lock (_extraWorkers)
                _extraWorkers.Add(worker);
        return worker;
    }

    /// <summary>Starts the worker with one setting changed and returns what it printed when it refused to start.</summary>
    public async Task<string> StartupFailureAsync(string key, string value)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Mongo:ConnectionString"] = Backends.MongoConnectionString,
            ["Mongo:Flavor"] = Backends.MongoFlavor,
            ["Blob:ConnectionString"] = Backends.BlobConnectionString,
            ["Auth:JwtSecret"] = JwtSecret,
            [key] = value,
            ["DOTNET_hostBuilder:reloadConfigOnChange"] = "false", // no inotify instance per worker
        }.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        var (exitCode, output) = await ChildProcess.RunAsync("dotnet",
            [Path.Combine(BuildOutput.WorkerDirectory, "TinyCloud.Functions.dll")], BuildOutput.WorkerDirectory, environment);
        exitCode.ShouldBe(1, output);
        return output;
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _extraWorkers)
            await worker.DisposeAsync();
        if (Worker is not null)
            await Worker.DisposeAsync();
        if (Backends is not null)
            await Backends.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<Stack>
{
    public const string Name = "stack";
}
