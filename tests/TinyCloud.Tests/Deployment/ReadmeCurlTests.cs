using System.Diagnostics;
using System.Text.RegularExpressions;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

/// <summary>The README's curl walk-through, run as a newcomer would paste it: only the port differs.</summary>
[Collection(Areas.Drive)]
[Trait(Flavor.Trait, Flavor.Dependent)]
public sealed partial class ReadmeCurlTests(Stack stack)
{
    private const string Section = "## Try it with curl";

    [Fact]
    public async Task TheReadmesCurlSectionTakesANewcomerFromRegisteringToThePublicDownloadOfTheSharedFile()
    {
        // A worker of its own: the README registers a fixed user name, which must be free.
        await using var worker = await stack.StartWorkerAsync();
        var script = CurlSection(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md")))
            .Replace("localhost:7071", $"127.0.0.1:{worker.BaseAddress.Port}", StringComparison.Ordinal);
        script.ShouldContain("/shared/");
        var directory = Directory.CreateTempSubdirectory("tinycloud-readme-");
        try
        {
            var (exitCode, stdout, stderr) = await BashAsync(script, directory.FullName);
            exitCode.ShouldBe(0, $"{stderr}\n{stdout}");
            stdout.ShouldNotContain("\"result\":\"error\"");
            var uploaded = await File.ReadAllTextAsync(Path.Combine(directory.FullName, "a.txt"));
            stdout.TrimEnd().ShouldEndWith(uploaded.TrimEnd(), customMessage: stdout);
            (await File.ReadAllTextAsync(Path.Combine(directory.FullName, "a-copy.txt"))).ShouldBe(uploaded);
            (await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "docs.zip")))[..2].ShouldBe("PK"u8.ToArray());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The ```bash blocks of the README's curl section, in order, as one script.</summary>
    private static string CurlSection(string readme)
    {
        var start = readme.IndexOf(Section + "\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"README.md has no '{Section}' section");
        var end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        var blocks = BashBlock().Matches(section).Select(m => m.Groups["code"].Value).ToList();
        blocks.ShouldNotBeEmpty();
        return "set -euo pipefail\n" + string.Join("\n", blocks);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> BashAsync(string script, string directory)
    {
        var path = Path.Combine(directory, "readme.sh");
        await File.WriteAllTextAsync(path, script);
        var info = new ProcessStartInfo("bash", [path])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"^```bash\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
