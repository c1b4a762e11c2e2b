using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Platform;

/// <summary>scripts/deps.py draws the namespace graph of TinyCloud.Shared, TinyCloud.Functions and the web client.</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public async Task NoNamespaceDependsOnItselfThroughOthers()
    {
        var (exitCode, output) = await ChildProcess.RunAsync("python3",
            [Path.Combine(RepoPaths.Root, "scripts", "deps.py"), "--quiet"], RepoPaths.Root, new Dictionary<string, string>());
        exitCode.ShouldBe(0, output);
    }
}
