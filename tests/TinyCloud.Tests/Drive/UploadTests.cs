using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Drive;

[Collection(Areas.Drive)]
public sealed class UploadTests(Stack stack)
{
    [Fact]
    public async Task AnUploadedFileIsListedChargedAndDownloadsByteIdenticalWithItsMd5()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(3 * 1024 * 1024 + 17);
        var uploaded = await client.UploadAsync("/big.bin", bytes);
        uploaded.ShouldBeSuccess();
        uploaded.Body["fs_entity"]!["size_bytes"]!.GetValue<long>().ShouldBe(bytes.Length);

        (await client.LayerAsync()).Single()["name"]!.GetValue<string>().ShouldBe("big.bin");
        (await client.QuotaAsync()).Used.ShouldBe(bytes.Length);

        using var download = await client.DownloadAsync("/big.bin");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        var downloaded = await download.Content.ReadAsByteArrayAsync();
        DriveCalls.Md5Hex(downloaded).ShouldBe(DriveCalls.Md5Hex(bytes));
        download.Headers.ETag!.Tag.ShouldBe($"\"{DriveCalls.Md5Hex(bytes)}\"");
        var entry = await stack.Worker.Entries().Find(e => e.Name == "big.bin" && e.SizeBytes == bytes.Length).SingleAsync();
        entry.Md5.ShouldBe(DriveCalls.Md5Hex(bytes));
    }

    [Fact]
    public async Task AnEmptyFileCanBeUploadedAndDownloaded()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/empty.txt", [])).ShouldBeSuccess();
        using var download = await client.DownloadAsync("/empty.txt");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("image/png", "/pic.bin", "image/png")]
    [InlineData(null, "/notes.txt", "text/plain")]
    [InlineData("application/octet-stream", "/page.html", "text/html")]
    [InlineData(null, "/mystery.zzz", "application/octet-stream")]
    public async Task TheContentTypeComesFromThePartThenTheExtensionThenOctetStream(string? partType, string path, string expected)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var uploaded = await client.UploadAsync(path, [1, 2, 3], contentType: partType);
        uploaded.ShouldBeSuccess();
        uploaded.Body["fs_entity"]!["mime_type"]!.GetValue<string>().ShouldBe(expected);
        using var download = await client.DownloadAsync(path);
        download.Content.Headers.ContentType!.MediaType.ShouldBe(expected);
    }

    [Fact]
    public async Task TheFilePartMayComeBeforeTheRequestPart()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/first.bin", [9, 8, 7], fileFirst: true)).ShouldBeSuccess();
        (await client.QuotaAsync()).Used.ShouldBe(3);
    }

    [Fact]
    public async Task UploadingOverAnExistingPathIs409AndChargesNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.bin", [1, 2, 3, 4])).ShouldBeSuccess();
        (await client.UploadAsync("/a.bin", DriveCalls.RandomBytes(1000))).ShouldBeError(HttpStatusCode.Conflict, "already exists");
        (await client.QuotaAsync()).Used.ShouldBe(4);
        (await client.LayerAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task UploadingIntoAMissingFolderIs404AndChargesNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (used, available) = await client.QuotaAsync();
        (await client.UploadAsync("/nope/a.bin", [1, 2, 3])).ShouldBeError(HttpStatusCode.NotFound, "parent folder");
        (await client.QuotaAsync()).ShouldBe((used, available));
    }

    [Fact]
    public async Task AFileOverTheQuotaIs413AndNothingIsCharged()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/big.bin", DriveCalls.RandomBytes(1024 * 1024 + 1))).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "quota");
        (await client.QuotaAsync()).ShouldBe((0, 1024 * 1024));
        (await client.LayerAsync()).ShouldBeEmpty();
        (await worker.Entries().CountDocumentsAsync(FilterDefinition<EntryDocument>.Empty)).ShouldBe(0);
    }

    [Fact]
    public async Task AFileThatExactlyFillsTheQuotaIsAcceptedDespiteMultipartOverhead()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/exact.bin", DriveCalls.RandomBytes(1024 * 1024))).ShouldBeSuccess();
        (await client.QuotaAsync()).ShouldBe((1024 * 1024, 0));
    }

    [Fact]
    public async Task AFileOverTheUploadLimitIs413PointingToDirectUpload()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Drive:MaxUploadMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/big.bin", DriveCalls.RandomBytes(1024 * 1024 + 100))).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "begin-upload");
        (await client.QuotaAsync()).Used.ShouldBe(0);
    }

    [Fact]
    public async Task SixteenConcurrentUploadsNeverChargeMoreThanTheQuota()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/filler.bin", DriveCalls.RandomBytes(1024 * 1024 - 300 * 1024))).ShouldBeSuccess();

        // 300 KiB left; 16 uploads of 50 KiB race for it.
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.UploadAsync($"/race-{i}.bin", DriveCalls.RandomBytes(50 * 1024))));
        results.Count(r => r.Status == HttpStatusCode.OK).ShouldBeInRange(1, 6);
        results.Where(r => r.Status != HttpStatusCode.OK).ShouldAllBe(r => r.Status == HttpStatusCode.RequestEntityTooLarge);

        var layer = await client.LayerAsync();
        var readyBytes = layer.Sum(e => e["size_bytes"]!.GetValue<long>());
        var (used, available) = await client.QuotaAsync();
        used.ShouldBe(readyBytes);
        used.ShouldBeLessThanOrEqualTo(1024 * 1024);
        (used + available).ShouldBe(1024 * 1024); // nothing left reserved
    }

    [Fact]
    public async Task AClientThatDisconnectsMidUploadLeavesNoEntryAndNoCharge()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var cookie = client.Cookies.GetCookieHeader(stack.Worker.BaseAddress);
        var entries = stack.Worker.Entries();
        var userId = (await client.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();
        using (var form = DriveCalls.UploadForm("/cut.bin", new byte[4 * 1024 * 1024]))
        {
            var body = await form.ReadAsByteArrayAsync();
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(stack.Worker.BaseAddress.Host, stack.Worker.BaseAddress.Port);
            var stream = tcp.GetStream();
            var head = $"POST /api/fs-service/upload-file HTTP/1.1\r\nHost: {stack.Worker.BaseAddress.Authority}\r\nCookie: {cookie}\r\n" +
                       $"Content-Type: {form.Headers.ContentType}\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Eventually.ShouldHoldAsync(async () =>
                (await entries.CountDocumentsAsync(e => e.UserId == userId && e.State == EntryState.Pending)).ShouldBe(1));
        } // the connection drops with half the body sent, its upload under way

        await Eventually.ShouldHoldAsync(async () => (await entries.CountDocumentsAsync(e => e.UserId == userId)).ShouldBe(0));
        // The request gives the reservation back just after it deletes its pending entry.
        await Eventually.ShouldHoldAsync(async () => (await client.QuotaAsync()).ShouldBe((0, 10000L * 1024 * 1024)));
        (await client.LayerAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task AFolderDeletedWhileAFileStreamsIntoItLeavesNoChargeAndTheUploadGets409()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var gate = new TaskCompletionSource();
        var bytes = DriveCalls.RandomBytes(2 * 1024 * 1024);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"fs_entity":{"name":"slow.bin","abs_path":"/inbox/slow.bin","base_type":"file"},"file_field":"mere"}"""), "request" },
            { new StreamContent(new GatedStream(bytes, bytes.Length / 2, gate.Task)), "file", "slow.bin" },
        };
        var upload = client.Http.PostAsync("/api/fs-service/upload-file", form);

        var entries = stack.Worker.Entries();
        await Eventually.ShouldHoldAsync(async () =>
            (await entries.Find(e => e.Name == "slow.bin" && e.State == EntryState.Pending).AnyAsync()).ShouldBeTrue());
        (await client.DeleteAsync("/inbox", "folder")).ShouldBeSuccess();
        gate.SetResult();

        (await Client.Read(await upload)).ShouldBeError(HttpStatusCode.Conflict, "was deleted");
        // The request gives the reservation back just after it deletes its pending entry.
        await Eventually.ShouldHoldAsync(async () => (await client.QuotaAsync()).ShouldBe((0, 10000L * 1024 * 1024)));
        (await client.LayerAsync()).ShouldBeEmpty();
    }

    /// <summary>Hands out its bytes, but stops at <c>pauseAt</c> until the gate opens.</summary>
    private sealed class GatedStream(byte[] bytes, int pauseAt, Task gate) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (Position >= pauseAt)
                await gate.WaitAsync(ct);
            var window = Position < pauseAt ? (int)Math.Min(buffer.Length, pauseAt - Position) : buffer.Length;
            return await base.ReadAsync(buffer[..window], ct);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    }

    [Fact]
    public async Task AnUploadWithoutAFilePartIs422AndChargesNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"fs_entity":{"name":"a","abs_path":"/a","base_type":"file"},"file_field":"mere"}"""), "request" },
        };
        (await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form))).ShouldBeError(HttpStatusCode.UnprocessableEntity, "'file' part");
        (await client.QuotaAsync()).Used.ShouldBe(0);
        (await client.LayerAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUploadWithAMalformedRequestPartIs422()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var form = new MultipartFormDataContent { { new StringContent("{oops"), "request" }, { new ByteArrayContent([1]), "file", "f" } };
        (await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form))).ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await client.QuotaAsync()).Used.ShouldBe(0);
    }

    [Fact]
    public async Task AnUploadWithAnInvalidPathIs400()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"fs_entity":{"name":"..","abs_path":"/..","base_type":"file"},"file_field":"mere"}"""), "request" },
            { new ByteArrayContent([1]), "file", "f" },
        };
        (await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form))).ShouldBeError(HttpStatusCode.BadRequest, "'..'");
    }

    [Fact]
    public async Task AnUploadThatIsNotMultipartIs415()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.PostAsync("/api/fs-service/upload-file", new { x = 1 })).ShouldBeError(HttpStatusCode.UnsupportedMediaType, "multipart");
    }
}
