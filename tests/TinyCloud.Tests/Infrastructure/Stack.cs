namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// One area's system under test (see <see cref="Areas"/>): a worker of its own on a real loopback port, under the
/// Functions host, on the backends the whole run shares. Tests needing other settings start extra workers against the
/// same backends and stop them themselves (<c>await using</c>).
/// </summary>
public sealed class Stack(Backends backends) : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string JwtSecret = "tests-only-secret-that-is-at-least-32-bytes-long";

    public Backends Backends { get; } = backends;
    public Worker Worker { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Worker = await StartWorkerAsync();

    /// <summary>
    /// An extra worker; with <paramref name="clock"/>, the app's services <see cref="Worker.Get{T}"/> hands out run on that
    /// clock (the worker itself lives in real time). <paramref name="scriptRoot"/> is the
    /// function app folder the host runs (default: this build's). Unless <paramref name="untilHealthy"/> is false (a test
    /// of broken backends), it returns once /api/health answers 200: storage and every index in place.
    /// </summary>
    public async Task<Worker> StartWorkerAsync(
        IDictionary<string, string?>? settings = null, string? database = null, TimeProvider? clock = null,
        string? scriptRoot = null, bool untilHealthy = true) =>
        (await StartWorkersAsync(1, settings, database, clock, scriptRoot, untilHealthy))[0];

    /// <summary>
    /// <paramref name="count"/> workers with the same settings (and database, unless each should get a fresh one),
    /// started side by side, for a test that needs them alive at once: they take their <see cref="WorkerSlots"/> together.
    /// </summary>
    public async Task<Worker[]> StartWorkersAsync(int count,
        IDictionary<string, string?>? settings = null, string? database = null, TimeProvider? clock = null,
        string? scriptRoot = null, bool untilHealthy = true)
    {
        var slots = await WorkerSlots.TakeAsync(count);
        var starts = slots.Select(slot => StartWorkerAsync(slot, settings, database, clock, scriptRoot, untilHealthy)).ToList();
        try
        {
            return await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
                await start.Result.DisposeAsync();
            throw;
        }
    }

    private async Task<Worker> StartWorkerAsync(WorkerSlots.Slot slot,
        IDictionary<string, string?>? settings, string? database, TimeProvider? clock, string? scriptRoot, bool untilHealthy)
    {
        var config = new Dictionary<string, string?>
        {
            ["Mongo:ConnectionString"] = Backends.MongoConnectionString,
            ["Mongo:Database"] = database ?? "tinycloud_test_" + Guid.NewGuid().ToString("N")[..8],
            ["Mongo:Flavor"] = Backends.MongoFlavor, // the stand-in's profile (TINYCLOUD_STANDIN_PROFILE), else detected
            ["Blob:ConnectionString"] = Backends.BlobConnectionString,
            ["Blob:Container"] = "tc" + Guid.NewGuid().ToString("N")[..12],
            // A run puts ~100 workers on 2 cores and one Azurite: a group of blob deletes taking over 3 s there is load,
            // not an outage, and the pause it starts would leave blobs a trial's audit counts (a fresh-clone CI failed
            // three TreeRaceTests so). The tests of the outage path (BackendFaultTests) set the production 3 s.
            ["Blob:DeleteAttemptSeconds"] = "30",
            ["Auth:JwtSecret"] = JwtSecret,
            ["Auth:CookieSecure"] = "false",
            // A queue of its own per worker: workers share Azurite, and one must not take another's events.
            ["Activity:QueueName"] = "ev" + Guid.NewGuid().ToString("N")[..12],
            ["Activity:QueueConnection"] = Backends.BlobConnectionString,
            ["TwoFactor:EncryptionKey"] = "test-only two-factor key, 32 bytes or more",
            ["Admin:Key"] = AdminKey,
            ["Cleanup:Schedule"] = "0 0 0 1 1 *", // no scheduled TempCleanup run unless a test asks for one
            ["Uploads:WatchSchedule"] = "0 0 0 1 1 *", // likewise the upload watch (tests run OversizedUploads themselves)
            ["Cleanup:RequestUnitsPerSecond"] = "0", // unpaced even in the cosmos-ru flavor; CleanupPacingTests set their own
            ["Logging:LogLevel:Default"] = "Warning",
            // Every test client shares 127.0.0.1: the per-address login limit is tested on workers of its own.
            ["Login:FailuresPerAddress"] = "1000",
            ["Shares:RequestsPerAddressPerMinute"] = "100000", // likewise the per-address budget of link routes
            ["Accounts:MailRequestsPerAddress"] = "1000",
            // Mail goes to the run's smtp4dev; tests read it through its API (Infrastructure/Mailbox.cs).
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = Backends.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Tls"] = "None",
            ["Mail:From"] = "Tiny Cloud <no-reply@tinycloud.test>",
            ["Mail:PublicBaseUrl"] = Mailbox.PublicBaseUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        Worker worker;
        try
        {
            worker = await Worker.StartAsync(config, clock, scriptRoot ?? BuildOutput.WorkerDirectory, slot);
        }
        catch
        {
            slot.Give();
            throw;
        }
        if (untilHealthy)
        {
            try
            {
                await worker.WaitUntilHealthyAsync();
            }
            catch
            {
                await worker.DisposeAsync();
                throw;
            }
        }
        return worker;
    }

    /// <summary>Starts the worker with one setting changed and returns what it printed when it refused to start.</summary>
    public async Task<string> StartupFailureAsync(string key, string value, params (string Key, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Mongo:ConnectionString"] = Backends.MongoConnectionString,
            ["Mongo:Flavor"] = Backends.MongoFlavor,
            ["Blob:ConnectionString"] = Backends.BlobConnectionString,
            ["Auth:JwtSecret"] = JwtSecret,
            [key] = value,
            ["DOTNET_hostBuilder:reloadConfigOnChange"] = "false", // no inotify instance per worker
        }.Concat(more.Select(m => KeyValuePair.Create(m.Key, (string?)m.Value))).Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        var (exitCode, output) = await ChildProcess.RunAsync("dotnet",
            [Path.Combine(BuildOutput.WorkerDirectory, "TinyCloud.Functions.dll")], BuildOutput.WorkerDirectory, environment);
        exitCode.ShouldBe(1, output);
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
            await Worker.DisposeAsync();
    }
}
