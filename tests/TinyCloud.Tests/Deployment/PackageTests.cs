using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

// publish.sh builds for linux-x64, and the socket check reads Linux's /proc.
[Collection(PackageCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class PackageTests(PackageFixture package)
{
    [Fact]
    public void ThePackageIsADotnetIsolatedAppWithTheSdksMetadataAndAPlainHostJson()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(package.AppDirectory, "worker.config.json")))!;
        config["description"]!["language"]!.GetValue<string>().ShouldBe("dotnet-isolated");
        File.Exists(Path.Combine(package.AppDirectory, config["description"]!["defaultWorkerPath"]!.GetValue<string>())).ShouldBeTrue();

        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(package.AppDirectory, "host.json")))!;
        host["version"]!.GetValue<string>().ShouldBe("2.0");
        host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>().ShouldBe("");
        host.AsObject().ContainsKey("customHandler").ShouldBeFalse();
    }

    [Fact]
    public async Task FunctionsMetadataListsEveryRouteOfTheOpenApiDocumentAndTempCleanupAsATimer()
    {
        using var client = package.Worker.NewClient();
        var (status, document) = await client.GetAsync("/api/open-api");
        status.ShouldBe(HttpStatusCode.OK);
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"));

        var triggers = FunctionsMetadata.HttpTriggers(package.AppDirectory)
            .Select(t => $"{t.Method} {t.Route.Replace("{*", "{", StringComparison.Ordinal)}").ToList();

        triggers.ShouldBeUnique();
        // Undocumented on purpose: the catch-all answering unknown routes, and the original's banner picture.
        string[] undocumented = ["GET /api/utils-service/uwu", .. new[] { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" }.Select(m => $"{m} /{{path}}")];
        undocumented.ShouldBeSubsetOf(triggers);
        triggers.Except(undocumented).Order().ShouldBe(documented.Order());
        FunctionsMetadata.TimerTriggers(package.AppDirectory).ShouldBe(
            [new TimerTrigger("TempCleanup", "%Cleanup__Schedule%"), new TimerTrigger("WatchUploads", "%Uploads__WatchSchedule%")], ignoreOrder: true);
        // One queue trigger: the events queue, named and connected by app settings (docs/DEPLOY.md).
        FunctionsMetadata.QueueTriggers(package.AppDirectory).ShouldBe(
            [new QueueTrigger("DispatchEvents", "%Activity:QueueName%", "Activity:QueueConnection")]);
        FunctionsMetadata.TriggerTypes(package.AppDirectory).ShouldBe(["httpTrigger", "queueTrigger", "timerTrigger"]);
    }

    [Fact]
    public void NoCustomHandlerIsLeftAndTheAppReferencesTheIsolatedWorkerPackages()
    {
        foreach (var file in new[] { "host.json", "local.settings.sample.json", "TinyCloud.Functions/TinyCloud.Functions.csproj" })
        {
            var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
            text.ShouldNotContain("customHandler", Case.Insensitive, file);
            text.ShouldNotContain("FUNCTIONS_CUSTOMHANDLER_PORT", Case.Sensitive, file);
        }
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")))!["Values"]!
            ["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>().ShouldBe("dotnet-isolated");

        var project = File.ReadAllText(Path.Combine(RepoPaths.Root, "TinyCloud.Functions", "TinyCloud.Functions.csproj"));
        foreach (var reference in new[]
                 {
                     "Microsoft.Azure.Functions.Worker", "Microsoft.Azure.Functions.Worker.Sdk",
                     "Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore", "Microsoft.Azure.Functions.Worker.Extensions.Timer",
                 })
            project.ShouldContain($"<PackageReference Include=\"{reference}\" />");
    }

    [Fact]
    public void TheZipHoldsExactlyTheAppFolderAndNoLocalSettings()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
        var expected = Directory.GetFiles(package.AppDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(package.AppDirectory, f).Replace('\\', '/'));

        files.Order().ShouldBe(expected.Order());
        files.ShouldContain("host.json");
        files.ShouldContain("functions.metadata");
        files.ShouldContain("worker.config.json");
        files.ShouldNotContain(f => f.EndsWith("local.settings.json", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheHostAndThePublishedWorkerListenOnLoopbackOnly()
    {
        var processes = new[] { package.Worker.HostProcessId }.Concat(ChildProcess.DescendantsOf(package.Worker.HostProcessId)).ToList();
        processes.Count.ShouldBeGreaterThan(1, "the worker runs as the host's child process");
        foreach (var pid in processes)
            LoopbackSockets.ListeningBy(pid).ShouldAllBe(endpoint =>
                endpoint.StartsWith("127.0.0.1:", StringComparison.Ordinal) || endpoint.StartsWith("[::1]:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWholeJourneyRunsThroughThePublishedWorkerUnderTheHost()
    {
        using var client = await package.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(300_000);
        (await client.CreateFolderAsync("/docs", "mere")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/report.bin", bytes)).ShouldBeSuccess();
        (await client.LayerAsync("/docs")).Select(e => e["name"]!.GetValue<string>()).ShouldBe(["report.bin"]);

        var link = await client.LinkAsync("/docs/report.bin");
        using var redirect = await client.SharedFileAsync(client.UserName!, link);
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        using var stranger = ShareCalls.Stranger();
        (await stranger.GetByteArrayAsync(redirect.Headers.Location)).ShouldBe(bytes);

        using var zip = await client.Http.PostAsJsonAsync("/api/download-service/download-folder",
            new { fs_entity = DriveCalls.Entity("/docs", "folder"), file_field = "mere" });
        zip.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync()))
            archive.Entries.Select(e => e.FullName).ShouldBe(["docs/", "docs/report.bin"]);

        (await client.DeleteAsync("/docs", "folder")).ShouldBeSuccess();
        (await client.LayerAsync("/")).ShouldBeEmpty();
        (await client.QuotaAsync()).Used.ShouldBe(0);
        using var gone = await client.SharedFileAsync(client.UserName!, link);
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheHostsAdminEndpointRunsThePublishedTempCleanup()
    {
        using var admin = new HttpClient { BaseAddress = package.Worker.BaseAddress };
        using var response = await admin.PostAsync("/admin/functions/TempCleanup", JsonContent.Create(new { input = "" }));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.ShouldHoldAsync(() => package.Worker.Output.ShouldContain("Executed 'TempCleanup' (Succeeded"));
    }
}
