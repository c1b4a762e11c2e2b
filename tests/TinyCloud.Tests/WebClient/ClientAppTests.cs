using System.Net;
using System.Text.RegularExpressions;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.WebClient;

[Collection(Areas.Drive)]
public sealed partial class ClientAppTests(Stack stack)
{
    [Theory]
    [InlineData("/client")]
    [InlineData("/client/")]
    [InlineData("/client/index.html")]
    [InlineData("/client/login")]
    [InlineData("/client/links?x=1")]
    [InlineData("/client/s/ada/0123456789abcdefABCDEF_-")]
    public async Task EveryPageOfTheClientIsItsUncachedIndexPage(string path)
    {
        using var client = stack.Worker.NewClient();
        var response = await client.Http.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        (await response.Content.ReadAsStringAsync()).ShouldContain("<div id=\"app\"></div>");
    }

    [Fact]
    public async Task ThePageCarriesTheUploadLimitAndAPolicyAllowingOnlyItselfAndBlobStorage()
    {
        using var client = stack.Worker.NewClient();
        var response = await client.Http.GetAsync("/client/");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<meta name=\"tc-max-upload-bytes\" content=\"104857600\">");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain($"connect-src 'self' http://127.0.0.1:{stack.Backends.AzuritePort}");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task TheUploadLimitInThePageFollowsConfiguration()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Drive:MaxUploadMb"] = "7" });
        using var client = worker.NewClient();
        (await client.Http.GetStringAsync("/client/")).ShouldContain($"content=\"{7 * 1024 * 1024}\"");
    }

    [Fact]
    public async Task HashedAssetsAreServedWithTheirTypeAndCachedForAYear()
    {
        using var client = stack.Worker.NewClient();
        var page = await client.Http.GetStringAsync("/client/");
        var assets = AssetReference().Matches(page).Select(m => m.Groups["path"].Value).ToList();
        assets.ShouldContain(path => path.EndsWith(".js"));
        assets.ShouldContain(path => path.EndsWith(".css"));
        foreach (var asset in assets)
        {
            var response = await client.Http.GetAsync(asset);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, asset);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(asset.EndsWith(".js") ? "text/javascript" : "text/css");
            response.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        }
    }

    [Fact]
    public async Task AMissingAssetIsA404EnvelopeNotThePage()
    {
        using var client = stack.Worker.NewClient();
        (await client.GetAsync("/client/assets/missing-0000.js")).ShouldBeError(HttpStatusCode.NotFound, "no file");
    }

    [Theory]
    [InlineData("/client/..%2FTinyCloud.Functions.dll")]
    [InlineData("/client/%2e%2e/TinyCloud.Functions.dll")]
    [InlineData("/client/assets/..%2F..%2FTinyCloud.Functions.dll")]
    [InlineData("/client/%5C..%5CTinyCloud.Functions.dll")]
    public async Task PathsLeavingTheClientFolderServeNothingFromOutsideIt(string path)
    {
        using var client = stack.Worker.NewClient();
        var response = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)));
        var body = await response.Content.ReadAsByteArrayAsync();
        (body.Length >= 2 && body[0] == 'M' && body[1] == 'Z').ShouldBeFalse("the worker's own dll must not be served");
        response.Content.Headers.ContentType!.MediaType.ShouldBeOneOf("text/html", "application/json");
    }

    [GeneratedRegex("(?:src|href)=\"(?<path>/client/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
