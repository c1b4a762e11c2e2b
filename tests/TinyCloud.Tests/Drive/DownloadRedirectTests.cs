using System.Net;
using System.Web;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Drive;

/// <summary>download-redirect: the owner's file by a 302 to a short-lived read-only SAS for its one blob.</summary>
[Collection(Areas.Drive)]
public sealed class DownloadRedirectTests(Stack stack)
{
    private static string Route(string path, string field = "mere") =>
        $"/api/download-service/download-redirect?abs_path={Uri.EscapeDataString(path)}&file_field={field}";

    [Fact]
    public async Task AnOwnFileRedirectsToAReadOnlyUrlThatServesItsBytes()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(50_000);
        (await client.UploadAsync("/docs.pdf", bytes, contentType: "application/pdf")).ShouldBeSuccess();

        using var redirect = await client.Http.GetAsync(Route("/docs.pdf"));

        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var query = HttpUtility.ParseQueryString(redirect.Headers.Location!.Query);
        (query["sp"], query["sr"], query["rsct"]).ShouldBe(("r", "b", "application/pdf"));
        using var stranger = ShareCalls.Stranger();
        using var served = await stranger.GetAsync(redirect.Headers.Location);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        served.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("docs.pdf");
        served.Headers.GetValues("x-ms-meta-sha256").Single().ShouldBe(VersionCalls.Sha256Hex(bytes));
    }

    [Fact]
    public async Task AFolderAMissingFileOrABadFieldIsAClear4xx()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/f")).ShouldBeSuccess();
        (await Client.Read(await client.Http.GetAsync(Route("/f")))).ShouldBeError(HttpStatusCode.NotFound, "no file");
        (await Client.Read(await client.Http.GetAsync(Route("/none.txt")))).ShouldBeError(HttpStatusCode.NotFound, "no file");
        (await Client.Read(await client.Http.GetAsync(Route("/a.txt", "elsewhere")))).ShouldBeError(HttpStatusCode.BadRequest, "file_field");
        using var anonymous = stack.Worker.NewClient();
        (await Client.Read(await anonymous.Http.GetAsync(Route("/a.txt")))).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AKeptVersionRedirectsToItsOwnBytesAndAnUnknownVersionIs404()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var old = DriveCalls.RandomBytes(3_000);
        (await client.UploadAsync("/draft.txt", old)).ShouldBeSuccess();
        (await client.ReplaceAsync("/draft.txt", DriveCalls.RandomBytes(4_000))).ShouldBeSuccess();
        var versions = await client.PostAsync("/api/fs-service/list-versions", new { fs_entity = DriveCalls.Entity("/draft.txt"), file_field = "mere" });
        var versionId = versions.Body["versions"]!.AsArray().Single()!["version_id"]!.GetValue<string>();

        using var redirect = await client.Http.GetAsync(Route("/draft.txt") + "&version_id=" + versionId);

        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var stranger = ShareCalls.Stranger();
        using var served = await stranger.GetAsync(redirect.Headers.Location);
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(old);
        served.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("draft.txt");
        served.Headers.GetValues("x-ms-meta-sha256").Single().ShouldBe(VersionCalls.Sha256Hex(old));
        (await Client.Read(await client.Http.GetAsync(Route("/draft.txt") + "&version_id=" + new string('0', 24))))
            .ShouldBeError(HttpStatusCode.NotFound, "no version");
        (await Client.Read(await client.Http.GetAsync(Route("/draft.txt") + "&version_id=nope"))).ShouldBeError(HttpStatusCode.NotFound, "no version");
    }
}
