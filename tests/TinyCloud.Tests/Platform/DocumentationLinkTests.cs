using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Platform;

public sealed class DocumentationLinkTests
{
    [Fact]
    public async Task EveryRelativeLinkAndAnchorInTheDocsResolves()
    {
        var (exitCode, output) = await ChildProcess.RunAsync("/usr/bin/python3",
            [Path.Combine(RepoPaths.Root, "scripts", "check-doc-links.py")], RepoPaths.Root, new Dictionary<string, string>());
        exitCode.ShouldBe(0, output);
        output.ShouldContain("0 broken links");
    }
}
