using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.DirectUploadCalls;

namespace TinyCloud.Tests.Drive;

/// <summary>
/// SHA-256 on every path, computed by the server: upload-file hashes while streaming, complete-upload hashes the sealed
/// blob; what a client declares is checked (422, nothing kept); downloads carry <c>Repr-Digest</c> (RFC 9530).
/// </summary>
[Collection(Areas.Drive)]
public sealed class ChecksumTests(Stack stack)
{
    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string ReprDigest(byte[] bytes) => $"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:";

    /// <summary>upload-file with extra JSON keys and headers on the file part.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode Body)> UploadWithAsync(
        Client client, string path, byte[] bytes, object? extra = null, params (string Name, string Value)[] fileHeaders)
    {
        var meta = JsonSerializer.SerializeToNode(new { fs_entity = DriveCalls.Entity(path), file_field = "mere" })!.AsObject();
        if (extra is not null)
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
                meta[key] = value?.DeepClone();
        var json = new StringContent(meta.ToJsonString(), Encoding.UTF8, "application/json");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        foreach (var (name, value) in fileHeaders)
            file.Headers.TryAddWithoutValidation(name, value);
        using var form = new MultipartFormDataContent { { json, "request" }, { file, "file", "upload.bin" } };
        return await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form));
    }

    [Fact]
    public async Task AnUploadAnswersAndListsTheSha256TheServerComputed()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(70_000);
        var uploaded = await client.UploadAsync("/a.bin", bytes);
        uploaded.ShouldBeSuccess();
        uploaded.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(bytes));
        (await client.LayerAsync()).Single()["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(bytes));
        var entity = await client.EntityAsync("/a.bin");
        entity.ShouldBeSuccess();
        entity.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(bytes));
    }

    [Fact]
    public async Task TheOriginalShapeHasNoSha256Key()
    {
        using var original = await stack.Worker.NewOriginalClient().SignUpAsync();
        var uploaded = await original.UploadAsync("/a.bin", [1, 2, 3]);
        uploaded.ShouldBeSuccess();
        uploaded.Body.AsObject().Select(p => p.Key).ShouldBe(["result"]);
        var entity = await original.EntityAsync("/a.bin");
        entity.ShouldBeSuccess();
        entity.Body["fs_entity"]!.AsObject().ContainsKey("sha256").ShouldBeFalse();
    }

    [Fact]
    public async Task EveryDownloadPathCarriesAReprDigestTheClientCanVerify()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(10_000);
        (await client.UploadAsync("/pic.png", bytes, contentType: "image/png")).ShouldBeSuccess();

        using var download = await client.DownloadAsync("/pic.png");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await download.Content.ReadAsByteArrayAsync();
        download.Headers.GetValues("Repr-Digest").Single().ShouldBe(ReprDigest(body));
        body.ShouldBe(bytes);

        using var byGet = await client.Http.GetAsync("/api/utils-service/download-img-via-get-route?abs_path=%2Fpic.png&file_field=mere");
        byGet.StatusCode.ShouldBe(HttpStatusCode.OK);
        byGet.Headers.GetValues("Repr-Digest").Single().ShouldBe(ReprDigest(await byGet.Content.ReadAsByteArrayAsync()));

        // A range carries the whole file's digest: it describes the representation, not the part.
        using var ranged = new HttpRequestMessage(HttpMethod.Post, "/api/download-service/download-file")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { fs_entity = DriveCalls.Entity("/pic.png"), file_field = "mere" }),
        };
        ranged.Headers.Add("Range", "bytes=0-99");
        using var part = await client.Http.SendAsync(ranged);
        part.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        part.Headers.GetValues("Repr-Digest").Single().ShouldBe(ReprDigest(bytes));

        // A public link redirects to Blob Storage, which cannot add Repr-Digest: it answers the hash as blob metadata.
        var link = await client.LinkAsync("/pic.png");
        using var stranger = ShareCalls.Stranger(followRedirects: true);
        using var shared = await stranger.GetAsync(new Uri(stack.Worker.BaseAddress, $"/shared/{client.UserName}/{link}/file"));
        shared.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sharedBytes = await shared.Content.ReadAsByteArrayAsync();
        shared.Headers.GetValues("x-ms-meta-sha256").Single().ShouldBe(Sha256Hex(sharedBytes));
        sharedBytes.ShouldBe(bytes);
    }

    [Theory]
    [InlineData("Repr-Digest")]
    [InlineData("Content-Digest")]
    public async Task ARightDigestOnTheFilePartIsAccepted(string header)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(5_000);
        var uploaded = await UploadWithAsync(client, "/a.bin", bytes, null, (header, $"sha-512=:AAAA:, {ReprDigest(bytes)}"));
        uploaded.ShouldBeSuccess();
        uploaded.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(bytes));
    }

    [Fact]
    public async Task AWrongReprDigestIs422AndNothingIsKeptOrCharged()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(5_000);
        var before = await client.QuotaAsync();
        var corrupted = (byte[])bytes.Clone();
        corrupted[100] ^= 1;

        var uploaded = await UploadWithAsync(client, "/a.bin", corrupted, null, ("Repr-Digest", ReprDigest(bytes)));

        uploaded.ShouldBeError(HttpStatusCode.UnprocessableEntity, "SHA-256");
        (await client.EntityAsync("/a.bin")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.QuotaAsync()).ShouldBe(before);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a refused upload");
    }

    [Fact]
    public async Task AWrongSha256InTheJsonPartIs422AndARightOneIsAccepted()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(5_000);
        var wrong = Sha256Hex([.. bytes, 0]);
        (await UploadWithAsync(client, "/a.bin", bytes, new { sha256 = wrong })).ShouldBeError(HttpStatusCode.UnprocessableEntity, wrong);
        (await client.QuotaAsync()).Used.ShouldBe(0);

        var right = await UploadWithAsync(client, "/a.bin", bytes, new { sha256 = Sha256Hex(bytes).ToUpperInvariant() });
        right.ShouldBeSuccess();
        (await client.QuotaAsync()).Used.ShouldBe(bytes.Length);
    }

    [Theory]
    [InlineData("sha-256=AAAA")]
    [InlineData("sha-256=:AAAA:")]
    [InlineData("sha-256=:not base64!:")]
    public async Task AMalformedDigestHeaderIs400(string value)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await UploadWithAsync(client, "/a.bin", [1, 2, 3], null, ("Repr-Digest", value)))
            .ShouldBeError(HttpStatusCode.BadRequest, "Repr-Digest");
        (await client.QuotaAsync()).Used.ShouldBe(0);
    }

    [Fact]
    public async Task AMalformedSha256OrOnConflictIs422()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await UploadWithAsync(client, "/a.bin", [1], new { sha256 = "abc" })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "sha256");
        (await UploadWithAsync(client, "/a.bin", [1], new { on_conflict = "overwrite" }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "on_conflict");
        (await client.PostAsync("/api/fs-service/begin-upload",
            new { fs_entity = DriveCalls.Entity("/b.bin"), file_field = "mere", size_bytes = 1, sha256 = new string('g', 64) }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "sha256");
    }

    [Fact]
    public async Task OnConflictRenameTakesTheNextFreeNameAndFailIsTheDefault()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/r.txt", [1])).ShouldBeSuccess();
        (await client.UploadAsync("/r.txt", [2])).ShouldBeError(HttpStatusCode.Conflict, "already exists");
        (await UploadWithAsync(client, "/r.txt", [3], new { on_conflict = "fail" })).ShouldBeError(HttpStatusCode.Conflict, "already exists");

        var renamed = await UploadWithAsync(client, "/r.txt", [4], new { on_conflict = "rename" });
        renamed.ShouldBeSuccess();
        renamed.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/r (2).txt");
        var begun = await client.PostAsync("/api/fs-service/begin-upload",
            new { fs_entity = DriveCalls.Entity("/r.txt"), file_field = "mere", size_bytes = 1, on_conflict = "rename" });
        begun.ShouldBeSuccess();
        (await PutBlobAsync(new Uri(begun.Body["upload_url"]!.GetValue<string>()), new byte[] { 5 })).ShouldBe(HttpStatusCode.Created);
        var completed = await client.CompleteUploadAsync(begun.Body["upload_id"]!.GetValue<string>());
        completed.ShouldBeSuccess();
        completed.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/r (3).txt");
        (await client.LayerAsync()).Names().ShouldBe(["r (2).txt", "r (3).txt", "r.txt"], ignoreOrder: true);
    }

    [Fact]
    public async Task ADirectUploadWithAWrongClientMd5GetsTheRealHashes()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(20_000);
        var (id, url) = await client.BegunAsync("/d.bin", bytes.Length);
        (await PutBlockAsync(url, BlockId(0), bytes)).ShouldBe(HttpStatusCode.Created);
        var xml = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{BlockId(0)}</Latest></BlockList>";
        var bogusMd5 = Convert.ToBase64String(MD5.HashData("something else"u8.ToArray()));
        (await SendAsync(HttpMethod.Put, With(url, "comp=blocklist"), new StringContent(xml, Encoding.UTF8, "application/xml"),
            ("x-ms-blob-content-md5", bogusMd5))).ShouldBe(HttpStatusCode.Created);

        var completed = await client.CompleteUploadAsync(id);

        completed.ShouldBeSuccess();
        completed.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(bytes));
        using var download = await client.DownloadAsync("/d.bin");
        download.Headers.ETag!.Tag.ShouldBe($"\"{DriveCalls.Md5Hex(bytes)}\"");
        download.Headers.GetValues("Repr-Digest").Single().ShouldBe(ReprDigest(await download.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task ADirectUploadNotMatchingItsDeclaredSha256IsDiscardedWith422()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(20_000);
        var begun = await client.PostAsync("/api/fs-service/begin-upload",
            new { fs_entity = DriveCalls.Entity("/d.bin"), file_field = "mere", size_bytes = bytes.Length, sha256 = Sha256Hex([.. bytes[1..], 0]) });
        begun.ShouldBeSuccess();
        var (id, url) = (begun.Body["upload_id"]!.GetValue<string>(), new Uri(begun.Body["upload_url"]!.GetValue<string>()));
        (await PutBlobAsync(url, bytes)).ShouldBe(HttpStatusCode.Created);

        (await client.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.UnprocessableEntity, "SHA-256");

        (await client.QuotaAsync()).Used.ShouldBe(0);
        (await client.EntityAsync("/d.bin")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.NotFound);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a refused direct upload");
    }

    [Fact]
    public async Task ASha256SentAtCompleteUploadIsCheckedToo()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var bytes = DriveCalls.RandomBytes(1_000);
        var (id, url) = await client.BegunAsync("/d.bin", bytes.Length);
        (await PutBlobAsync(url, bytes)).ShouldBe(HttpStatusCode.Created);
        (await client.PostAsync("/api/fs-service/complete-upload", new { upload_id = id, sha256 = new string('0', 64) }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "SHA-256");
        (await client.QuotaAsync()).Used.ShouldBe(0);

        (id, url) = await client.BegunAsync("/d.bin", bytes.Length);
        (await PutBlobAsync(url, bytes)).ShouldBe(HttpStatusCode.Created);
        var completed = await client.PostAsync("/api/fs-service/complete-upload", new { upload_id = id, sha256 = Sha256Hex(bytes) });
        completed.ShouldBeSuccess();
        completed.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(bytes));
    }
}
