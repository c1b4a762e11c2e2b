using System.Text.RegularExpressions;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// Real Azurite and a real MongoDB-protocol server on free loopback ports, started once per test run (the assembly's
/// fixture, shared by every area's <see cref="Stack"/>):
/// TINYCLOUD_TEST_MONGO if given, else mongod on PATH, else the in-repo stand-in (tests/mongo-standin).
/// TINYCLOUD_STANDIN_PROFILE (mongodb, cosmos-ru, documentdb) and TINYCLOUD_STANDIN_ARGS (more options) start the
/// stand-in that way; a profile other than mongodb picks the stand-in even when mongod is on PATH.
/// </summary>
public sealed partial class Backends : IAsyncLifetime
{
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly List<ChildProcess> _processes = [];
    private string? _mongoDataDir;

    public string MongoConnectionString { get; private set; } = "";
    public string MongoKind { get; private set; } = "";
    public string BlobConnectionString { get; private set; } = "";
    public int AzuritePort { get; private set; }

    /// <summary>The stand-in's own commands (throttle hook, RU meter); null when the tests run against another MongoDB.</summary>
    public StandInControl? StandIn { get; private set; }

    /// <summary>The worker's Mongo:Flavor for the stand-in's profile (cosmos-ru, cosmos-vcore); null: let the worker detect it.</summary>
    public string? MongoFlavor { get; private set; }

    public static string StandInProfile =>
        Environment.GetEnvironmentVariable("TINYCLOUD_STANDIN_PROFILE") is { Length: > 0 } profile ? profile : "mongodb";

    private static readonly Dictionary<string, string?> FlavorOfProfile = new()
    {
        ["mongodb"] = null, ["cosmos-ru"] = "cosmos-ru", ["documentdb"] = "cosmos-vcore",
    };

    public async ValueTask InitializeAsync()
    {
        try
        {
            await Task.WhenAll(StartAzuriteAsync(), StartMongoAsync());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAzuriteAsync()
    {
        var azurite = Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(azurite))
            throw new InvalidOperationException("Azurite is not installed: run `npm ci` in the repository root (./test.sh does).");
        var port = ChildProcess.FreePort();
        var (process, _) = await ChildProcess.StartAsync("node",
            [azurite, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--inMemoryPersistence",
             "--skipApiVersionCheck", "--loose", "--silent"],
            AzuriteReady(), TimeSpan.FromSeconds(60));
        lock (_processes)
            _processes.Add(process);
        AzuritePort = port;
        BlobConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    private async Task StartMongoAsync()
    {
        if (Environment.GetEnvironmentVariable("TINYCLOUD_TEST_MONGO") is { Length: > 0 } given)
        {
            (MongoConnectionString, MongoKind) = (given, "TINYCLOUD_TEST_MONGO");
            // e.g. cosmos-vcore for DocumentDB Local (the CI job documentdb): the worker cannot tell it from the host name.
            MongoFlavor = Environment.GetEnvironmentVariable("TINYCLOUD_TEST_MONGO_FLAVOR") is { Length: > 0 } flavor ? flavor : null;
            return;
        }
        var port = ChildProcess.FreePort();
        ChildProcess process;
        if (StandInProfile == "mongodb" && FindOnPath("mongod") is { } mongod)
        {
            _mongoDataDir = Directory.CreateTempSubdirectory("tinycloud-mongod-").FullName;
            (process, _) = await ChildProcess.StartAsync(mongod,
                ["--bind_ip", "127.0.0.1", "--port", port.ToString(), "--dbpath", _mongoDataDir],
                WaitingForConnections(), TimeSpan.FromSeconds(60));
            MongoKind = "mongod";
        }
        else
        {
            if (!FlavorOfProfile.TryGetValue(StandInProfile, out var flavor))
                throw new InvalidOperationException($"TINYCLOUD_STANDIN_PROFILE={StandInProfile}: expected one of {string.Join(", ", FlavorOfProfile.Keys)}.");
            Match ready;
            (process, ready) = await ChildProcess.StartAsync("/usr/bin/python3", StandInArguments(), StandInReady(), TimeSpan.FromSeconds(60));
            port = int.Parse(ready.Groups["port"].Value);
            (MongoKind, MongoFlavor) = ("stand-in", flavor);
        }
        lock (_processes)
            _processes.Add(process);
        MongoConnectionString = $"mongodb://127.0.0.1:{port}/?directConnection=true";
        if (MongoKind == "stand-in")
            StandIn = new StandInControl(MongoConnectionString);
    }

    private static List<string> StandInArguments() =>
    [
        Path.Combine(RepoPaths.Root, "tests", "mongo-standin", "server.py"), "--port", "0", "--profile", StandInProfile,
        .. (Environment.GetEnvironmentVariable("TINYCLOUD_STANDIN_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
    ];

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        StandIn?.Dispose();
        foreach (var process in _processes)
            await process.DisposeAsync();
        _processes.Clear();
        if (_mongoDataDir is not null)
            Directory.Delete(_mongoDataDir, recursive: true);
        _mongoDataDir = null;
    }

    [GeneratedRegex("successfully listen")]
    private static partial Regex AzuriteReady();

    [GeneratedRegex("[Ww]aiting for connections")]
    private static partial Regex WaitingForConnections();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex StandInReady();
}
