using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Drive;

[Collection(Areas.Drive)]
public sealed class DownloadTests(Stack stack)
{
    private static readonly byte[] Digits = "0123456789"u8.ToArray();

    private async Task<Client> UserWithDigitsAsync()
    {
        var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/digits.txt", Digits, contentType: "text/plain")).ShouldBeSuccess();
        return client;
    }

    private static HttpRequestMessage DownloadRequest(string path, Action<HttpRequestHeaders> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/download-service/download-file")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { fs_entity = DriveCalls.Entity(path), file_field = "mere" }),
        };
        headers(request.Headers);
        return request;
    }

    [Theory]
    [InlineData("bytes=2-4", "234", "bytes 2-4/10")]
    [InlineData("bytes=7-", "789", "bytes 7-9/10")]
    [InlineData("bytes=-3", "789", "bytes 7-9/10")]
    [InlineData("bytes=8-100", "89", "bytes 8-9/10")]
    public async Task ARangeRequestGets206WithJustThoseBytes(string range, string expected, string contentRange)
    {
        using var client = await UserWithDigitsAsync();
        using var response = await client.Http.SendAsync(DownloadRequest("/digits.txt", h => h.Add("Range", range)));
        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().ShouldBe(contentRange);
        response.Content.Headers.ContentLength.ShouldBe(expected.Length);
        (await response.Content.ReadAsStringAsync()).ShouldBe(expected);
    }

    [Fact]
    public async Task ARangeBeyondTheEndIs416()
    {
        using var client = await UserWithDigitsAsync();
        using var response = await client.Http.SendAsync(DownloadRequest("/digits.txt", h => h.Add("Range", "bytes=10-20")));
        response.Content.Headers.ContentRange!.ToString().ShouldBe("bytes */10");
        (await Client.Read(response)).ShouldBeError(HttpStatusCode.RequestedRangeNotSatisfiable, "outside");
    }

    [Fact]
    public async Task AMatchingIfNoneMatchGets304AndAStaleOneTheFile()
    {
        using var client = await UserWithDigitsAsync();
        using var first = await client.DownloadAsync("/digits.txt");
        var etag = first.Headers.ETag!.Tag;
        using var cached = await client.Http.SendAsync(DownloadRequest("/digits.txt", h => h.Add("If-None-Match", etag)));
        cached.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await cached.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        using var stale = await client.Http.SendAsync(DownloadRequest("/digits.txt", h => h.Add("If-None-Match", "\"other\"")));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stale.Content.ReadAsByteArrayAsync()).ShouldBe(Digits);
    }

    [Fact]
    public async Task ANonAsciiNameIsSentAsAnRfc6266FilenameStar()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/résumé 2024.pdf", [1, 2])).ShouldBeSuccess();
        using var response = await client.DownloadAsync("/résumé 2024.pdf");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileNameStar.ShouldBe("résumé 2024.pdf");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
    }

    [Fact]
    public async Task TheGetRouteServesAnImageInlineForImgTags()
    {
        using var client = await UserWithDigitsAsync();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        (await client.UploadAsync("/dot.png", png, contentType: "image/png")).ShouldBeSuccess();
        using var response = await client.Http.GetAsync("/api/utils-service/download-img-via-get-route?abs_path=%2Fdot.png&file_field=mere");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(png);
        (await client.GetAsync("/api/utils-service/download-img-via-get-route?abs_path=%2Fnone&file_field=mere"))
            .ShouldBeError(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/utils-service/download-img-via-get-route?abs_path=..&file_field=mere"))
            .ShouldBeError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DownloadingAFolderWithTheFileRouteIs400()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/f")).ShouldBeSuccess();
        (await client.PostAsync("/api/download-service/download-file", new { fs_entity = DriveCalls.Entity("/f", "folder"), file_field = "mere" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "download-folder");
    }

    [Fact]
    public async Task ANestedFolderDownloadsAsAZipWithEveryEntryIncludingEmptyFolders()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var big = DriveCalls.RandomBytes(2 * 1024 * 1024);
        (await client.CreateFolderAsync("/album")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/album/empty")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/album/2024")).ShouldBeSuccess();
        (await client.UploadAsync("/album/cover.jpg", big)).ShouldBeSuccess();
        (await client.UploadAsync("/album/2024/notes.txt", "hi"u8.ToArray())).ShouldBeSuccess();
        (await client.UploadAsync("/outside.txt", [1])).ShouldBeSuccess();

        using var response = await client.PostJsonAsync("/api/download-service/download-folder",
            new { fs_entity = DriveCalls.Entity("/album", "folder"), file_field = "mere" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("album.zip");

        await using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        zip.Entries.Select(e => e.FullName).Order().ShouldBe(
            ["album/", "album/2024/", "album/2024/notes.txt", "album/cover.jpg", "album/empty/"]);
        await using var cover = zip.GetEntry("album/cover.jpg")!.Open();
        var copy = new MemoryStream();
        await cover.CopyToAsync(copy);
        DriveCalls.Md5Hex(copy.ToArray()).ShouldBe(DriveCalls.Md5Hex(big));
    }

    [Fact]
    public async Task AFolderAboveTheZipLimitIs413BeforeAnythingIsSent()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Drive:MaxFolderDownloadMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/big")).ShouldBeSuccess();
        (await client.UploadAsync("/big/a.bin", DriveCalls.RandomBytes(700 * 1024))).ShouldBeSuccess();
        (await client.UploadAsync("/big/b.bin", DriveCalls.RandomBytes(700 * 1024))).ShouldBeSuccess();
        (await client.PostAsync("/api/download-service/download-folder", new { fs_entity = DriveCalls.Entity("/big", "folder"), file_field = "mere" }))
            .ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "cannot be zipped");
    }
}
