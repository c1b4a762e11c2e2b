using System.IO.Compression;
using System.Net;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TinyCloud.Functions.Platform;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

// publish.sh builds for linux-x64, and the socket check reads Linux's /proc.
[Collection(PackageCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class PackageTests(PackageFixture package)
{
    [Fact]
    public void ThePackageHoldsAValidFunctionJsonForEveryHttpFunction()
    {
        foreach (var function in TimerCatalog.HttpFunctions)
        {
            var bindings = ReadFunctionJson(function.Name)["bindings"]!.AsArray();
            var trigger = bindings.Single(b => b!["type"]!.GetValue<string>() == "httpTrigger")!;
            trigger["authLevel"]!.GetValue<string>().ShouldBe("anonymous");
            trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe([function.Declaration.Method.ToLowerInvariant()]);
            trigger["route"]!.GetValue<string>().ShouldBe(function.Declaration.Route.TrimStart('/'));
            bindings.ShouldContain(b => b!["type"]!.GetValue<string>() == "http" && b["name"]!.GetValue<string>() == "res");
        }
    }

    [Fact]
    public void ThePackageHoldsATimerTriggerForEveryTimerFunction()
    {
        foreach (var timer in TimerCatalog.All)
        {
            var trigger = ReadFunctionJson(timer.Name)["bindings"]!.AsArray().ShouldHaveSingleItem()!;
            trigger["type"]!.GetValue<string>().ShouldBe("timerTrigger");
            trigger["schedule"]!.GetValue<string>().ShouldBe("%" + timer.ScheduleSetting.Replace(":", "__") + "%");
        }
    }

    [Fact]
    public void TheRoutesTheHostForwardsAreExactlyTheRoutesTheWorkerServes()
    {
        var forwarded = Directory.GetFiles(package.AppDirectory, "function.json", SearchOption.AllDirectories)
            .Select(path => JsonNode.Parse(File.ReadAllText(path))!["bindings"]!.AsArray())
            .SelectMany(bindings => bindings.Where(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            .SelectMany(t => t!["methods"]!.AsArray().Select(m => $"{m!.GetValue<string>().ToUpperInvariant()} /{t["route"]!.GetValue<string>()}"))
            .ToList();

        var timerRoutes = TimerCatalog.All.Select(t => t.InvocationRoute).ToHashSet();
        var served = package.Stack.Worker.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !timerRoutes.Contains(e.RoutePattern.RawText!))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToList();

        forwarded.ShouldBeUnique();
        served.ShouldNotBeEmpty();
        forwarded.Order().ShouldBe(served.Order());
    }

    [Fact]
    public void HostJsonNamesTheExecutableWorkerInThePackageAndProxiesHttpUnprefixed()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(package.AppDirectory, "host.json")))!;
        host["version"]!.GetValue<string>().ShouldBe("2.0");
        host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>().ShouldBe("");
        host["customHandler"]!["enableProxyingHttpRequest"]!.GetValue<bool>().ShouldBeTrue();

        var executable = host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>();
        var path = Path.Combine(package.AppDirectory, executable);
        File.Exists(path).ShouldBeTrue($"host.json names {executable}, which is not in the package");
        File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute).ShouldBeTrue();
    }

    [Fact]
    public void TheZipHoldsExactlyTheAppFolderKeepsTheExecutableBitAndNoLocalSettings()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
        var expected = Directory.GetFiles(package.AppDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(package.AppDirectory, f).Replace('\\', '/'));

        files.Order().ShouldBe(expected.Order());
        files.ShouldContain("host.json");
        files.ShouldNotContain(f => f.EndsWith("local.settings.json", StringComparison.OrdinalIgnoreCase));
        var mode = (UnixFileMode)((zip.GetEntry(PackageFixture.WorkerName)!.ExternalAttributes >> 16) & 0xFFF);
        mode.HasFlag(UnixFileMode.UserExecute).ShouldBeTrue();
    }

    [Fact]
    public async Task ThePublishedWorkerListensOnLoopbackOnlyAndAnswersAProxiedRequest()
    {
        LoopbackSockets.ListeningBy(package.Worker.Id).ShouldBe([$"127.0.0.1:{package.WorkerPort}"]);

        using var client = new Client(package.WorkerAddress);
        var health = await client.GetAsync("/api/health");
        health.ShouldBeSuccess();
        health.Body["mongo"]!.GetValue<string>().ShouldBe("ok");
        health.Body["blob"]!.GetValue<string>().ShouldBe("ok");
    }

    [Fact]
    public async Task ThePublishedWorkerAnswersEveryTimerInvocationOfTheHost()
    {
        using var client = new Client(package.WorkerAddress);
        foreach (var timer in TimerCatalog.All)
        {
            // What the host POSTs to a custom handler when a timer fires.
            var invocation = new JsonObject
            {
                ["Data"] = new JsonObject { ["timer"] = new JsonObject { ["IsPastDue"] = false } },
                ["Metadata"] = new JsonObject
                {
                    ["sys"] = new JsonObject { ["MethodName"] = timer.Name, ["UtcNow"] = DateTime.UtcNow.ToString("O") },
                },
            };
            using var response = await client.Http.PostAsync(timer.InvocationRoute,
                new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBeInRange(200, 299, $"{timer.Name}: {body}");
            JsonNode.Parse(body).ShouldBeOfType<JsonObject>($"the host reads {timer.Name}'s answer as a JSON object");
        }
    }

    [Fact]
    public async Task ThePublishedWorkerServesTheApiDocumentation()
    {
        using var client = new Client(package.WorkerAddress);
        var document = await client.GetAsync("/api/open-api");
        document.Status.ShouldBe(HttpStatusCode.OK);
        document.Body["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        (await client.Http.GetAsync("/api/docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private JsonNode ReadFunctionJson(string function)
    {
        var path = Path.Combine(package.AppDirectory, function, "function.json");
        File.Exists(path).ShouldBeTrue($"{function}/function.json is missing from the package");
        return JsonNode.Parse(File.ReadAllText(path))!;
    }
}
