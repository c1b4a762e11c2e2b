using System.Text.Json;
using System.Text.RegularExpressions;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// Azurite (Blob and Queue), a MongoDB and smtp4dev on free loopback ports, started once per test run (the assembly's fixture,
/// shared by every area's <see cref="Stack"/>) through <c>scripts/backends.mjs</c>, the one script that starts them for
/// run.sh, the benchmarks and the browser tests too: TINYCLOUD_TEST_MONGO if given, else mongod on PATH, else the
/// in-repo stand-in. TINYCLOUD_STANDIN_PROFILE (mongodb, cosmos-ru, documentdb) and TINYCLOUD_STANDIN_ARGS start the
/// stand-in that way; a profile other than mongodb picks the stand-in even when mongod is on PATH.
/// </summary>
public sealed partial class Backends : IAsyncLifetime
{
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private ChildProcess? _process;

    public string MongoConnectionString { get; private set; } = "";
    public string MongoKind { get; private set; } = "";
    /// <summary>Names Azurite's Blob and Queue endpoints.</summary>
    public string BlobConnectionString { get; private set; } = "";
    public int AzuritePort { get; private set; }

    /// <summary>smtp4dev: its SMTP port (on 127.0.0.1) and its web page and REST API (<c>{SmtpWeb}/api/messages</c>).</summary>
    public int SmtpPort { get; private set; }
    public Uri SmtpWeb { get; private set; } = null!;

    /// <summary>The stand-in's own commands (throttle hook, RU meter); null when the tests run against another MongoDB.</summary>
    public StandInControl? StandIn { get; private set; }

    /// <summary>The worker's Mongo:Flavor for the stand-in's profile (cosmos-ru, cosmos-vcore); null: let the worker detect it.</summary>
    public string? MongoFlavor { get; private set; }

    public static string StandInProfile =>
        Environment.GetEnvironmentVariable("TINYCLOUD_STANDIN_PROFILE") is { Length: > 0 } profile ? profile : "mongodb";

    /// <summary>Started outside a test run (the benchmarks); dispose it to stop them.</summary>
    public static async Task<Backends> StartAsync()
    {
        var backends = new Backends();
        await backends.InitializeAsync();
        return backends;
    }

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(RepoPaths.Root, "scripts", "backends.mjs");
        if (!File.Exists(Path.Combine(RepoPaths.Root, "node_modules", "azurite", "package.json")))
            throw new InvalidOperationException("Azurite is not installed: run `npm ci` in the repository root (./test.sh does).");
        List<string> args = [script];
        if (Environment.GetEnvironmentVariable("TINYCLOUD_TEST_MONGO") is { Length: > 0 } given)
            args.AddRange(["--mongo", given]);
        (_process, var ready) = await ChildProcess.StartAsync("node", args, Ready(), TimeSpan.FromSeconds(90), stopByClosingInput: true);
        var backends = JsonDocument.Parse(ready.Groups["json"].Value).RootElement;
        BlobConnectionString = backends.GetProperty("blob").GetString()!;
        AzuritePort = backends.GetProperty("blobPort").GetInt32();
        MongoConnectionString = backends.GetProperty("mongo").GetString()!;
        MongoFlavor = backends.GetProperty("mongoFlavor").GetString();
        MongoKind = backends.GetProperty("mongoKind").GetString() ?? "";
        SmtpPort = backends.GetProperty("smtpPort").GetInt32();
        SmtpWeb = new Uri(backends.GetProperty("smtpWeb").GetString()!);
        if (MongoKind == "stand-in")
            StandIn = new StandInControl(MongoConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        StandIn?.Dispose();
        if (_process is not null)
            await _process.DisposeAsync();
    }

    [GeneratedRegex(@"^backends ready (?<json>\{.*\})$")]
    private static partial Regex Ready();
}
