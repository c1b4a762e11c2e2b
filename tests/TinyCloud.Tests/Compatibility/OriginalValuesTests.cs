using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Compatibility;

/// <summary>
/// The original API's values, not just its keys, as its web client reads them: folder sizes, unrounded megabytes, the
/// quota as available_space, the /share body, and JSON errors for routes and methods that do not exist.
/// </summary>
[Collection(Areas.Accounts)]
public sealed class OriginalValuesTests(Stack stack)
{
    [Fact]
    public async Task FoldersHaveNoSizeAndFilesTheirUnroundedMegabytes()
    {
        using var client = await stack.Worker.NewOriginalClient().SignUpAsync();
        (await client.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/a.bin", new byte[1400])).ShouldBeSuccess();

        var root = await client.LayerAsync("/");
        root.Single()["size_in_mb"].ShouldBeNull();
        root.Single().AsObject().ContainsKey("size_in_mb").ShouldBeTrue();
        var file = (await client.LayerAsync("/docs")).Single();
        file["size_in_mb"]!.GetValue<double>().ShouldBe(1400 / 1048576.0);
        (await client.EntityAsync("/docs", "folder")).Body["fs_entity"]!["size_in_mb"].ShouldBeNull();
    }

    [Fact]
    public async Task AvailableSpaceIsTheQuotaInMegabytesAsTheOriginalSentIt()
    {
        using var client = await stack.Worker.NewOriginalClient().SignUpAsync();
        (await client.UploadAsync("/a.bin", new byte[3 * 1048576 / 2])).ShouldBeSuccess();

        var user = (await client.GetAsync("/api/user-service/get-current-user")).Body["user"]!;
        user["available_space"]!.GetValue<double>().ShouldBe(10000);
        user["used_space"]!.GetValue<double>().ShouldBe(1.5);

        using var rich = stack.Worker.NewClient();
        client.Cookies.GetAllCookies().ToList().ForEach(rich.Cookies.Add);
        var full = (await rich.GetAsync("/api/user-service/get-current-user")).Body["user"]!;
        full["available_space"]!.GetValue<double>().ShouldBe(10000);
        full["quota_bytes"]!.GetValue<long>().ShouldBe(10000L * 1048576);
        full["available_bytes"]!.GetValue<long>().ShouldBe(10000L * 1048576 - 3 * 1048576 / 2);
    }

    [Fact]
    public async Task TheLegacyShareRouteAnswersExactlyTheOriginalsShareModel()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await owner.UploadAsync("/docs/a.txt", "hello"u8.ToArray(), contentType: "text/plain")).ShouldBeSuccess();
        var fileLink = await owner.LinkAsync("/docs/a.txt");
        var folderLink = await owner.LinkAsync("/docs", "folder");

        using var visitor = stack.Worker.NewOriginalClient();
        var file = await visitor.GetAsync($"/share/{owner.UserName}/{fileLink}");
        file.Status.ShouldBe(HttpStatusCode.OK);
        Keys(file.Body).ShouldBe(["name", "base_type", "size_in_mb", "mime_type"], ignoreOrder: true);
        (file.Body["name"]!.GetValue<string>(), file.Body["base_type"]!.GetValue<string>()).ShouldBe(("a.txt", "file"));
        file.Body["size_in_mb"]!.GetValue<double>().ShouldBe(5 / 1048576.0);
        file.Body["mime_type"]!.GetValue<string>().ShouldStartWith("text/plain");

        var folder = await visitor.GetAsync($"/share/{owner.UserName}/{folderLink}");
        Keys(folder.Body).ShouldBe(["name", "base_type", "size_in_mb", "mime_type"], ignoreOrder: true);
        folder.Body["mime_type"].ShouldBeNull();

        // Our own client asks for the full body on either path.
        (await owner.GetAsync($"/share/{owner.UserName}/{fileLink}")).Body["size_bytes"]!.GetValue<long>().ShouldBe(5);
    }

    [Theory]
    [InlineData("GET", "/no/such/route")]
    [InlineData("POST", "/api/fs-service/no-such-verb")]
    [InlineData("DELETE", "/shared")]
    public async Task AnUnknownRouteIsAJson404Envelope(string method, string path)
    {
        using var client = stack.Worker.NewOriginalClient();
        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await Client.Read(response)).ShouldBeError(HttpStatusCode.NotFound, "No such route");
    }

    [Theory]
    [InlineData("GET", "/api/fs-service/create-folder", "POST")]
    [InlineData("PUT", "/api/user-service/get-current-user", "GET")]
    [InlineData("DELETE", "/shared/someone/abc", "GET")]
    public async Task AKnownRouteWithTheWrongMethodIsAJson405NamingTheRightOne(string method, string path, string allowed)
    {
        using var client = stack.Worker.NewOriginalClient();
        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        response.Content.Headers.Allow.ShouldContain(allowed);
        (await Client.Read(response)).ShouldBeError(HttpStatusCode.MethodNotAllowed, allowed);
    }

    [Fact]
    public async Task TheSitesRootSendsPeopleToTheWebClient()
    {
        using var client = stack.Worker.NewOriginalClient();
        var response = await client.Http.GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/client/");
    }

    [Fact]
    public async Task TheOriginalsBannerRouteServesAnImage()
    {
        using var client = stack.Worker.NewOriginalClient();
        var response = await client.Http.GetAsync("/api/utils-service/uwu");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("<svg");
    }

    private static List<string> Keys(JsonNode body) => body.AsObject().Select(p => p.Key).ToList();
}
