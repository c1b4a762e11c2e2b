using System.Diagnostics;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

/// <summary>
/// Runs ./publish.sh once into artifacts/test-publish (its build folder stays, so later runs are incremental) and
/// starts the published package under the Functions host, as Azure would, on the run's shared backends. It is a
/// collection of its own, so the publish runs in parallel with the other integration tests.
/// </summary>
public sealed class PackageFixture(Backends backends) : IAsyncLifetime
{
    private readonly string _output = Path.Combine(RepoPaths.Root, "artifacts", "test-publish");

    public Stack Stack { get; } = new(backends);
    public string AppDirectory => Path.Combine(_output, "app");
    public string ZipPath => Path.Combine(_output, "tinycloud-functions.zip");
    public Worker Worker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await PublishAsync();
        Worker = await Stack.StartWorkerAsync(scriptRoot: AppDirectory);
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
            await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(12)); // a cold ReadyToRun publish beside the whole suite
        }
        catch (TimeoutException)
        {
            publish.Kill(entireProcessTree: true);
            throw;
        }
        if (publish.ExitCode != 0)
            throw new InvalidOperationException($"publish.sh failed ({publish.ExitCode}):\n{await output}\n{await errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
            await Worker.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "package";
}
