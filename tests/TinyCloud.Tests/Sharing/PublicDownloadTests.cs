using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Sharing;

[Collection(Areas.Sharing)]
public sealed class PublicDownloadTests(Stack stack)
{
    private const string UnicodeName = "Résumé – naïve 日本語.txt";

    [Fact]
    public async Task SharedInfoTellsNameTypeSizeAndExpiryButNeitherOwnerNorPath()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/private-folder")).ShouldBeSuccess();
        (await owner.UploadAsync("/private-folder/report.pdf", new byte[3 * 1048576 / 2])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/private-folder/report.pdf", expiresInHours: 2);
        using var stranger = stack.Worker.NewClient();

        foreach (var prefix in new[] { "shared", "share" })
        {
            using var response = await stranger.Http.GetAsync($"/{prefix}/{owner.UserName}/{link}");
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
            var info = await Client.Read(response);
            info.ShouldBeSuccess();
            info.Body.AsObject().Select(p => p.Key).ShouldBe(
                ["result", "name", "base_type", "size_in_mb", "mime_type", "size_bytes", "expires_at"], ignoreOrder: true);
            info.Body["name"]!.GetValue<string>().ShouldBe("report.pdf");
            info.Body["base_type"]!.GetValue<string>().ShouldBe("file");
            info.Body["size_in_mb"]!.GetValue<double>().ShouldBe(1.5);
            info.Body["size_bytes"]!.GetValue<long>().ShouldBe(3 * 1048576 / 2);
            info.Body["mime_type"]!.GetValue<string>().ShouldBe("application/pdf");
            info.Body["expires_at"]!.GetValue<DateTime>().ShouldBe(DateTime.UtcNow.AddHours(2), TimeSpan.FromMinutes(1));
            var text = info.Body.ToJsonString();
            text.ShouldNotContain(owner.Email!);
            text.ShouldNotContain("private-folder");
        }
    }

    [Fact]
    public async Task AFileLinkRedirectsACookielessBrowserToItsExactBytesWithNameAndType()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(300_000);
        (await owner.UploadAsync("/" + UnicodeName, bytes, contentType: "text/plain")).ShouldBeSuccess();
        var link = await owner.LinkAsync("/" + UnicodeName);

        using var stranger = stack.Worker.NewClient();
        using var redirect = await stranger.SharedFileAsync(owner.UserName!, link);
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        redirect.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var sas = redirect.Headers.Location!;
        sas.IsAbsoluteUri.ShouldBeTrue();
        sas.Port.ShouldBe(stack.Backends.AzuritePort);
        var query = QueryHelpers.ParseQuery(sas.Query);
        query["sp"].ToString().ShouldBe("r");
        query["sr"].ToString().ShouldBe("b");
        DateTimeOffset.Parse(query["se"]!).ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddMinutes(5));

        using var browser = ShareCalls.Stranger(followRedirects: true);
        using var download = await browser.GetAsync(new Uri(stack.Worker.BaseAddress, $"/shared/{owner.UserName}/{link}/file"));
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.RequestMessage!.RequestUri!.Port.ShouldBe(stack.Backends.AzuritePort);
        (await download.Content.ReadAsByteArrayAsync()).SequenceEqual(bytes).ShouldBeTrue();
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var disposition = download.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileNameStar.ShouldBe(UnicodeName);
    }

    [Fact]
    public async Task TheSasUrlServesRangesForResumption()
    {
        var (bytes, sas) = await SharedFileSasAsync(100_000);
        using var browser = ShareCalls.Stranger();

        using var middle = new HttpRequestMessage(HttpMethod.Get, sas) { Headers = { Range = new RangeHeaderValue(1000, 1999) } };
        using var part = await browser.SendAsync(middle);
        part.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        part.Content.Headers.ContentRange!.ToString().ShouldBe("bytes 1000-1999/100000");
        (await part.Content.ReadAsByteArrayAsync()).ShouldBe(bytes[1000..2000]);

        using var rest = new HttpRequestMessage(HttpMethod.Get, sas) { Headers = { Range = new RangeHeaderValue(60_000, null) } };
        using var tail = await browser.SendAsync(rest);
        tail.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await tail.Content.ReadAsByteArrayAsync()).SequenceEqual(bytes[60_000..]).ShouldBeTrue();
    }

    [Fact]
    public async Task TheSasUrlCannotWriteDeleteOrBeWidened()
    {
        var (bytes, sas) = await SharedFileSasAsync(5_000);
        using var browser = ShareCalls.Stranger();

        using var put = new HttpRequestMessage(HttpMethod.Put, sas) { Content = new ByteArrayContent([6, 6, 6]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var putResponse = await browser.SendAsync(put);
        putResponse.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await putResponse.Content.ReadAsStringAsync()).ShouldContain("AuthorizationPermissionMismatch");

        using var delete = await browser.DeleteAsync(sas);
        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var widened = new UriBuilder(sas) { Query = sas.Query.TrimStart('?').Replace("sp=r", "sp=rwd") }.Uri;
        using var widenedPut = new HttpRequestMessage(HttpMethod.Put, widened) { Content = new ByteArrayContent([6]) };
        widenedPut.Headers.Add("x-ms-blob-type", "BlockBlob");
        (await browser.SendAsync(widenedPut)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await browser.GetByteArrayAsync(sas)).SequenceEqual(bytes).ShouldBeTrue();
    }

    [Fact]
    public async Task TheSasQueryOpensNeitherTheContainerListingNorAnyOtherBlob()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/mine.txt", "mine"u8.ToArray())).ShouldBeSuccess();
        (await owner.UploadAsync("/other.txt", "other"u8.ToArray())).ShouldBeSuccess();
        using var stranger = stack.Worker.NewClient();
        var mine = (await stranger.SharedFileAsync(owner.UserName!, await owner.LinkAsync("/mine.txt"))).Headers.Location!;
        var other = (await stranger.SharedFileAsync(owner.UserName!, await owner.LinkAsync("/other.txt"))).Headers.Location!;
        using var browser = ShareCalls.Stranger();

        var account = $"{mine.Scheme}://{mine.Authority}/{mine.Segments[1]}";
        var container = account + mine.Segments[2].TrimEnd('/');
        var sasQuery = mine.Query.TrimStart('?');
        foreach (var listing in new[] { $"{container}?restype=container&comp=list&{sasQuery}", $"{account}?comp=list&{sasQuery}" })
        {
            using var response = await browser.GetAsync(listing);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("<Blob>");
        }

        var otherBlobWithMySas = new UriBuilder(other) { Query = sasQuery }.Uri;
        (await browser.GetAsync(otherBlobWithMySas)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.GetStringAsync(other)).ShouldBe("other");
    }

    [Fact]
    public async Task AFolderLinkStreamsAValidZipOfItsContents()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var big = DriveCalls.RandomBytes(200_000);
        (await owner.CreateFolderAsync("/album")).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/album/sub")).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/album/empty")).ShouldBeSuccess();
        (await owner.UploadAsync("/album/a.txt", "alpha"u8.ToArray())).ShouldBeSuccess();
        (await owner.UploadAsync("/album/sub/" + UnicodeName, big)).ShouldBeSuccess();
        (await owner.UploadAsync("/outside.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/album", "folder");
        using var stranger = stack.Worker.NewClient();

        var info = await stranger.SharedInfoAsync(owner.UserName!, link);
        info.ShouldBeSuccess();
        info.Body["base_type"]!.GetValue<string>().ShouldBe("folder");
        info.Body["name"]!.GetValue<string>().ShouldBe("album");
        info.Body["size_bytes"]!.GetValue<long>().ShouldBe(5 + big.Length);
        info.Body["mime_type"].ShouldBeNull();

        foreach (var prefix in new[] { "shared", "share" })
        {
            using var response = await stranger.SharedFileAsync(owner.UserName!, link, prefix);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
            response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("album.zip");
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();

            using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
            zip.Entries.Select(e => e.FullName).ShouldBe(
                ["album/", "album/a.txt", "album/empty/", "album/sub/", "album/sub/" + UnicodeName], ignoreOrder: true);
            (await ReadAsync(zip.GetEntry("album/a.txt")!)).ShouldBe("alpha"u8.ToArray());
            (await ReadAsync(zip.GetEntry("album/sub/" + UnicodeName)!)).SequenceEqual(big).ShouldBeTrue();
        }
        var listed = (await owner.ListSharedAsync()).Single();
        listed["downloads"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task AFolderAboveTheZipLimitIs413AndIsNotCounted()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Drive:MaxFolderDownloadMb"] = "1" });
        using var owner = await worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/big")).ShouldBeSuccess();
        (await owner.UploadAsync("/big/a.bin", new byte[1048576 + 1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/big", "folder", maxDownloads: 1);
        using var stranger = worker.NewClient();

        (await Client.Read(await stranger.SharedFileAsync(owner.UserName!, link))).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "cannot be zipped");
        (await owner.ListSharedAsync()).Single()["downloads"]!.GetValue<long>().ShouldBe(0);
        (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeSuccess();
    }

    private async Task<(byte[] Bytes, Uri Sas)> SharedFileSasAsync(int size)
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(size);
        (await owner.UploadAsync("/f.bin", bytes)).ShouldBeSuccess();
        var link = await owner.LinkAsync("/f.bin");
        using var stranger = stack.Worker.NewClient();
        using var redirect = await stranger.SharedFileAsync(owner.UserName!, link);
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        return (bytes, redirect.Headers.Location!);
    }

    private static async Task<byte[]> ReadAsync(ZipArchiveEntry entry)
    {
        await using var stream = await entry.OpenAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
