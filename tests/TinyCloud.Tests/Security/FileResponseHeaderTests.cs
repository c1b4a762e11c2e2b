using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

/// <summary>A user's own files are served so that nothing they uploaded can run script on the API's origin.</summary>
[Collection(Areas.Accounts)]
public sealed class FileResponseHeaderTests(Stack stack)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static string GetRoute(string path) =>
        $"/api/utils-service/download-img-via-get-route?abs_path={Uri.EscapeDataString(path)}&file_field=mere";

    private static void ShouldBeLockedDown(HttpResponseMessage response)
    {
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'none'");
        csp.ShouldContain("sandbox");
    }

    [Theory]
    [InlineData("/page.html", "text/html")]
    [InlineData("/logo.svg", "image/svg+xml")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/doc.xhtml", "application/xhtml+xml")]
    public async Task AFileThatCouldRunScriptIsServedAsAnAttachmentWithNosniffAndASandboxPolicy(string path, string type)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync(path, "<script>alert(1)</script>"u8.ToArray(), contentType: type)).ShouldBeSuccess();
        using var response = await client.Http.GetAsync(GetRoute(path));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        ShouldBeLockedDown(response);
    }

    [Fact]
    public async Task APngIsStillShownInlineForImgSrcWithTheSameHeaders()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/pic.png", Png, contentType: "image/png")).ShouldBeSuccess();
        using var response = await client.Http.GetAsync(GetRoute("/pic.png"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        ShouldBeLockedDown(response);
    }

    [Fact]
    public async Task DownloadFileAndPartialResponsesCarryTheSameHeaders()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/page.html", "<p>hi</p>"u8.ToArray(), contentType: "text/html")).ShouldBeSuccess();
        using var download = await client.DownloadAsync("/page.html");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        ShouldBeLockedDown(download);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, GetRoute("/page.html"));
        ranged.Headers.Add("Range", "bytes=0-1");
        using var partial = await client.Http.SendAsync(ranged);
        partial.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        ShouldBeLockedDown(partial);
    }
}
