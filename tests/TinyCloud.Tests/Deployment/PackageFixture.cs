using System.Diagnostics;
using System.Text.RegularExpressions;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

/// <summary>
/// Runs ./publish.sh once into artifacts/test-publish (its build folder stays, so later runs are incremental) and starts
/// the published worker as the Functions host would: its own process, working directory = the package,
/// FUNCTIONS_CUSTOMHANDLER_PORT set. It gets its own <see cref="Stack"/> so the publish runs in parallel with the other
/// integration tests.
/// </summary>
public sealed partial class PackageFixture : IAsyncLifetime
{
    public const string WorkerName = "TinyCloud.Functions";

    private readonly string _output = Path.Combine(RepoPaths.Root, "artifacts", "test-publish");

    public Stack Stack { get; } = new();
    public string AppDirectory => Path.Combine(_output, "app");
    public string ZipPath => Path.Combine(_output, "tinycloud-functions.zip");
    public ChildProcess Worker { get; private set; } = null!;
    public int WorkerPort { get; private set; }
    public Uri WorkerAddress => new($"http://127.0.0.1:{WorkerPort}");

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Stack.InitializeAsync(), PublishAsync());
        WorkerPort = ChildProcess.FreePort();
        var decoy = ChildProcess.FreePort();
        (Worker, _) = await ChildProcess.StartAsync(Path.Combine(AppDirectory, WorkerName), [], ListeningOnLoopback(),
            TimeSpan.FromSeconds(60), AppDirectory, new Dictionary<string, string>
            {
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = WorkerPort.ToString(),
                // The host's own environment may carry URLs like these; the worker must still bind 127.0.0.1 only.
                ["ASPNETCORE_URLS"] = $"http://+:{decoy}",
                ["ASPNETCORE_HTTP_PORTS"] = decoy.ToString(),
                ["Mongo__ConnectionString"] = Stack.Backends.MongoConnectionString,
                ["Mongo__Database"] = "tinycloud_package_" + Guid.NewGuid().ToString("N")[..8],
                ["Blob__ConnectionString"] = Stack.Backends.BlobConnectionString,
                ["Blob__Container"] = "pkg" + Guid.NewGuid().ToString("N")[..12],
                ["Auth__JwtSecret"] = Stack.JwtSecret,
            });
    }

    private async Task PublishAsync()
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "publish.sh"), _output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        using var publish = Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        try
        {
            await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            publish.Kill(entireProcessTree: true);
            throw;
        }
        if (publish.ExitCode != 0)
            throw new InvalidOperationException($"publish.sh failed ({publish.ExitCode}):\n{await output}\n{await errors}");
    }

    public async Task DisposeAsync()
    {
        if (Worker is not null)
            await Worker.DisposeAsync();
        await Stack.DisposeAsync();
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningOnLoopback();
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "package";
}
