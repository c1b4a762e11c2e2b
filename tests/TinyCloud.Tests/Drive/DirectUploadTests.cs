using System.Net;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.DirectUploadCalls;

namespace TinyCloud.Tests.Drive;

[Collection(Areas.Drive)]
public sealed class DirectUploadTests(Stack stack)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A300MegabyteFileSentIn8MegabyteBlocksIsCompletedListedChargedAndDownloadsByteIdentical()
    {
        const long size = 300 * MiB;
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/videos")).ShouldBeSuccess();
        var (id, url) = await client.BegunAsync("/videos/big.mp4", size);

        var block = new byte[GeneratedData.BlockSize];
        var ids = new List<string>();
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        for (var i = 0; (long)i * block.Length < size; i++)
        {
            var length = (int)Math.Min(block.Length, size - (long)i * block.Length);
            GeneratedData.Fill(seed: 300, i, block);
            expected.AppendData(block, 0, length);
            ids.Add(BlockId(i));
            (await PutBlockAsync(url, ids[^1], block.AsMemory(0, length))).ShouldBe(HttpStatusCode.Created);
        }
        (await PutBlockListAsync(url, ids)).ShouldBe(HttpStatusCode.Created);
        var md5 = Convert.ToHexStringLower(expected.GetCurrentHash());

        var completed = await client.CompleteUploadAsync(id);
        completed.ShouldBeSuccess();
        completed.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/videos/big.mp4");
        completed.Body["fs_entity"]!["size_bytes"]!.GetValue<long>().ShouldBe(size);
        completed.Body["fs_entity"]!["mime_type"]!.GetValue<string>().ShouldBe("video/mp4");
        (await client.LayerAsync("/videos")).Single()["size_bytes"]!.GetValue<long>().ShouldBe(size);
        (await client.QuotaAsync()).Used.ShouldBe(size);

        using (var download = await client.DownloadStreamingAsync("/videos/big.mp4"))
        {
            download.StatusCode.ShouldBe(HttpStatusCode.OK);
            download.Content.Headers.ContentLength.ShouldBe(size);
            download.Headers.ETag!.Tag.ShouldBe($"\"{md5}\"");
            await using var bytes = await download.Content.ReadAsStreamAsync();
            Convert.ToHexStringLower(await MD5.HashDataAsync(bytes)).ShouldBe(md5);
        }
        (await client.DeleteAsync("/videos/big.mp4")).ShouldBeSuccess(); // gives Azurite its memory back
    }

    [Fact]
    public async Task AnInterruptedUploadResumesBySendingOnlyTheBlocksStorageDoesNotHave()
    {
        const int blockSize = 256 * 1024;
        const int size = 6 * blockSize - 1000;
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await client.BegunAsync("/resumed.bin", size);
        var block = new byte[blockSize];
        async Task SendAsync(int i)
        {
            GeneratedData.Fill(seed: 6, i, block);
            (await PutBlockAsync(url, BlockId(i), block.AsMemory(0, Math.Min(blockSize, size - i * blockSize)))).ShouldBe(HttpStatusCode.Created);
        }

        foreach (var i in new[] { 0, 2, 3 })
            await SendAsync(i); // then the connection "drops": 1, 4 and 5 never arrive

        var status = await client.UploadStatusAsync(id);
        status.ShouldBeSuccess();
        status.Body["state"]!.GetValue<string>().ShouldBe("pending");
        status.Body["size_bytes"]!.GetValue<long>().ShouldBe(size);
        status.Body["committed_bytes"]!.GetValue<long>().ShouldBe(0);
        var staged = status.Body["staged_blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()).ToHashSet();
        var missing = Enumerable.Range(0, 6).Where(i => !staged.Contains(BlockId(i))).ToList();
        missing.ShouldBe([1, 4, 5]);

        foreach (var i in missing)
            await SendAsync(i);
        (await PutBlockListAsync(url, Enumerable.Range(0, 6).Select(BlockId))).ShouldBe(HttpStatusCode.Created);
        (await client.CompleteUploadAsync(id)).ShouldBeSuccess();

        using var download = await client.DownloadAsync("/resumed.bin");
        var expected = new byte[size];
        await new GeneratedStream(size, seed: 6, blockSize).ReadExactlyAsync(expected);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(expected);
    }

    [Fact]
    public async Task TheUploadUrlWritesItsOneBlobAndCannotReadListDeleteOrReachAnyOtherBlob()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var other = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await client.BegunAsync("/mine.bin", 3);
        var (_, otherUrl) = await other.BegunAsync("/theirs.bin", 3);
        (await PutBlobAsync(url, new byte[] { 1, 2, 3 })).ShouldBe(HttpStatusCode.Created);

        var path = url.AbsolutePath.Split('/'); // "", account, staging container, blob
        var container = new Uri(url, $"/{path[1]}/{path[2]}");
        var sas = url.Query.TrimStart('?');
        (await SendAsync(HttpMethod.Get, url)).ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Head, url)).ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Get, With(url, "comp=blocklist&blocklisttype=all"))).ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Get, new Uri($"{container}?restype=container&comp=list&{sas}"))).ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Delete, url)).ShouldBe(HttpStatusCode.Forbidden);

        var sibling = new Uri($"{container}/{path[3]}/{Guid.NewGuid():N}?{sas}");
        var theirs = new Uri($"{otherUrl.GetLeftPart(UriPartial.Path)}?{sas}");
        (await PutBlobAsync(sibling, new byte[] { 6 })).ShouldBe(HttpStatusCode.Forbidden);
        (await PutBlobAsync(theirs, new byte[] { 6, 6, 6 })).ShouldBe(HttpStatusCode.Forbidden);

        (await client.CompleteUploadAsync(id)).ShouldBeSuccess();
        using var download = await client.DownloadAsync("/mine.bin");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Theory]
    [InlineData(1000, 1500, "has 1500 bytes but size_bytes was 1000")]
    [InlineData(1000, 999, "has 999 bytes but size_bytes was 1000")]
    [InlineData(1000, -1, "Nothing was uploaded")]
    public async Task ABlobOfAnotherSizeThanDeclaredIs400AndLeavesNoEntryNoChargeAndNoBlob(int declared, int actual, string reason)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (_, available) = await client.QuotaAsync();
        var (id, url) = await client.BegunAsync("/liar.bin", declared);
        if (actual >= 0)
            (await PutBlobAsync(url, new byte[actual])).ShouldBe(HttpStatusCode.Created);
        else // blocks put, never committed
            (await PutBlockAsync(url, BlockId(0), new byte[declared])).ShouldBe(HttpStatusCode.Created);
        (await BlobsOfAsync(client)).Count.ShouldBe(1);

        (await client.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.BadRequest, reason);

        (await stack.Worker.Get<EntryStore>().FindByIdAsync(ObjectId.Parse(id), default)).ShouldBeNull();
        (await client.QuotaAsync()).ShouldBe((0, available));
        (await BlobsOfAsync(client)).ShouldBeEmpty();
        (await client.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.BeginUploadAsync("/liar.bin", declared)).ShouldBeSuccess(); // the path is free again
    }

    [Fact]
    public async Task SixteenConcurrentBeginUploadsNeverReserveMoreThanTheQuota()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();

        var begun = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.BeginUploadAsync($"/race-{i}.bin", 300 * 1024)));

        begun.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(3);
        foreach (var refused in begun.Where(r => r.Status != HttpStatusCode.OK))
            refused.ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "quota");
        (await client.QuotaAsync()).ShouldBe((0, MiB - 3 * 300 * 1024));
        var userId = await UserIdAsync(client);
        (await worker.Entries().CountDocumentsAsync(e => e.UserId == userId && e.State == EntryState.Pending)).ShouldBe(3);
    }

    [Fact]
    public async Task AbortingGivesBackTheReservationAndRemovesTheEntryTheBlobAndItsUncommittedBlocks()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (_, available) = await client.QuotaAsync();
        var (id, url) = await client.BegunAsync("/aborted.bin", 2 * MiB);
        (await client.QuotaAsync()).ShouldBe((0, available - 2 * MiB)); // the reservation counts until the end
        (await PutBlockAsync(url, BlockId(0), new byte[MiB])).ShouldBe(HttpStatusCode.Created);
        (await PutBlockListAsync(url, [BlockId(0)])).ShouldBe(HttpStatusCode.Created);
        (await PutBlockAsync(url, BlockId(1), new byte[MiB])).ShouldBe(HttpStatusCode.Created);

        (await client.AbortUploadAsync(id)).ShouldBeSuccess();

        (await client.QuotaAsync()).ShouldBe((0, available));
        (await stack.Worker.Get<EntryStore>().FindByIdAsync(ObjectId.Parse(id), default)).ShouldBeNull();
        (await BlobsOfAsync(client)).ShouldBeEmpty();
        (await client.AbortUploadAsync(id)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.UploadAsync("/aborted.bin", [1])).ShouldBeSuccess();
    }

    [Fact]
    public async Task ALeaseTakenThroughTheUploadUrlDoesNotStopAnAbort()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await client.BegunAsync("/leased.bin", 3);
        (await PutBlobAsync(url, new byte[] { 1, 2, 3 })).ShouldBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Put, With(url, "comp=lease"), null, ("x-ms-lease-action", "acquire"), ("x-ms-lease-duration", "-1")))
            .ShouldBe(HttpStatusCode.Created);

        (await client.AbortUploadAsync(id)).ShouldBeSuccess();

        (await BlobsOfAsync(client)).ShouldBeEmpty();
        (await client.QuotaAsync()).Used.ShouldBe(0);
    }

    [Fact]
    public async Task CompletingTwiceEvenConcurrentlyReturnsTheSameFileAndChargesOnce()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await client.BegunAsync("/notes", 5, mimeType: "text/plain");
        (await PutBlobAsync(url, "hello"u8.ToArray())).ShouldBe(HttpStatusCode.Created);

        var both = await Task.WhenAll(client.CompleteUploadAsync(id), client.CompleteUploadAsync(id));
        var again = await client.CompleteUploadAsync(id);

        foreach (var completed in both.Append(again))
        {
            completed.ShouldBeSuccess();
            completed.Body["fs_entity"]!.ToJsonString().ShouldBe(again.Body["fs_entity"]!.ToJsonString());
        }
        again.Body["fs_entity"]!["mime_type"]!.GetValue<string>().ShouldBe("text/plain");
        (await client.QuotaAsync()).Used.ShouldBe(5);
        (await BlobsOfAsync(client)).Count.ShouldBe(1);
        (await client.UploadStatusAsync(id)).Body["state"]!.GetValue<string>().ShouldBe("ready");
        (await client.AbortUploadAsync(id)).ShouldBeError(HttpStatusCode.Conflict, "already complete");
    }

    [Fact]
    public async Task AnEmptyFileCanBeUploadedDirectly()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await client.BegunAsync("/empty.txt", 0);
        (await PutBlobAsync(url, ReadOnlyMemory<byte>.Empty)).ShouldBe(HttpStatusCode.Created);
        var completed = await client.CompleteUploadAsync(id);
        completed.ShouldBeSuccess();
        completed.Body["fs_entity"]!["size_bytes"]!.GetValue<long>().ShouldBe(0);
        using var download = await client.DownloadAsync("/empty.txt");
        download.Headers.ETag!.Tag.ShouldBe($"\"{DriveCalls.Md5Hex([])}\"");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task APendingUploadHoldsItsPathAndQuotaIsNotListedAndExpiresAfterItsUrl()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Accounts:DefaultQuotaMb"] = "10", ["Drive:DirectUploadMinutes"] = "5",
        });
        using var client = await worker.NewClient().SignUpAsync();
        var before = DateTime.UtcNow;
        var begun = await client.BeginUploadAsync("/a.bin", 6 * MiB);
        begun.ShouldBeSuccess();

        var expiresAt = begun.Body["expires_at"]!.GetValue<DateTime>().ToUniversalTime();
        expiresAt.ShouldBeInRange(before.AddMinutes(5).AddSeconds(-1), DateTime.UtcNow.AddMinutes(5));
        begun.Body["upload_url"]!.GetValue<string>().ShouldContain("se=" + Uri.EscapeDataString(expiresAt.ToString("yyyy-MM-ddTHH:mm:ssZ")));
        var entry = await worker.Get<EntryStore>().FindByIdAsync(ObjectId.Parse(begun.Body["upload_id"]!.GetValue<string>()), default);
        entry!.ExpiresAt.ShouldBe(expiresAt.AddMinutes(15));

        (await client.QuotaAsync()).ShouldBe((0, 4 * MiB));
        (await client.LayerAsync()).ShouldBeEmpty();
        (await client.EntityAsync("/a.bin")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.UploadAsync("/a.bin", [1])).ShouldBeError(HttpStatusCode.Conflict, "already exists");
        (await client.BeginUploadAsync("/b.bin", 5 * MiB)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "quota");
    }

    [Theory]
    [InlineData("/x.bin", "file", -1, HttpStatusCode.UnprocessableEntity, "size_bytes must not be negative")]
    [InlineData("/x", "folder", 1, HttpStatusCode.UnprocessableEntity, "create-folder")]
    [InlineData("/missing/x.bin", "file", 1, HttpStatusCode.NotFound, "parent folder '/missing'")]
    [InlineData("/a/../x.bin", "file", 1, HttpStatusCode.BadRequest, "'.' and '..'")]
    [InlineData("/", "file", 1, HttpStatusCode.BadRequest, "root")]
    [InlineData("/taken.bin", "file", 1, HttpStatusCode.Conflict, "already exists")]
    [InlineData("/huge.bin", "file", long.MaxValue, HttpStatusCode.RequestEntityTooLarge, "quota")]
    public async Task ABadBeginUploadIsAClear4xxAndReservesNothing(string path, string baseType, long size, HttpStatusCode status, string message)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/taken.bin", [1])).ShouldBeSuccess();
        var quota = await client.QuotaAsync();
        var name = path == "/" ? "" : path[(path.LastIndexOf('/') + 1)..];

        (await client.PostAsync("/api/fs-service/begin-upload", new
        {
            fs_entity = new { name, abs_path = path, base_type = baseType }, file_field = "mere", size_bytes = size,
        })).ShouldBeError(status, message);

        (await client.QuotaAsync()).ShouldBe(quota);
        (await client.LayerAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AnotherUsersUploadAndMalformedIdsAreNotFound()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var intruder = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await owner.BegunAsync("/own.bin", 1);
        (await PutBlobAsync(url, new byte[] { 7 })).ShouldBe(HttpStatusCode.Created);

        (await intruder.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await intruder.AbortUploadAsync(id)).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await intruder.UploadStatusAsync(id)).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        foreach (var malformed in new[] { "", "nope", "../../x", ObjectId.GenerateNewId().ToString() })
            (await owner.CompleteUploadAsync(malformed)).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await owner.CompleteUploadAsync(id)).ShouldBeSuccess();
    }

    [Fact]
    public async Task DirectUploadRoutesNeedAVerifiedUser()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:AutoVerify"] = "false" });
        using var unverified = await worker.NewClient().SignUpAsync();
        using var anonymous = worker.NewClient();
        (await unverified.BeginUploadAsync("/x.bin", 1)).ShouldBeError(HttpStatusCode.Forbidden, "not verified");
        (await anonymous.BeginUploadAsync("/x.bin", 1)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await anonymous.CompleteUploadAsync(ObjectId.GenerateNewId().ToString())).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    private static async Task<long> UserIdAsync(Client client) =>
        (await client.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();

    /// <summary>Every blob of the user, uncommitted ones included: files, and direct uploads' staging containers.</summary>
    private async Task<List<string>> BlobsOfAsync(Client client)
    {
        var names = new List<string>();
        var userId = await UserIdAsync(client);
        var container = stack.Worker.Get<BlobFiles>().Container;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, stack.Worker.Get<BlobFiles>().UserPrefix(userId), default))
            names.Add(blob.Name);
        var service = container.GetParentBlobServiceClient();
        await foreach (var staging in service.GetBlobContainersAsync(prefix: stack.Worker.Get<BlobNames>().StagingPrefix(userId)))
        {
            try
            {
                await foreach (var blob in service.GetBlobContainerClient(staging.Name).GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, null, default))
                    names.Add($"{staging.Name}/{blob.Name}");
            }
            catch (Azure.RequestFailedException gone) when (gone.Status == 404)
            {
                // A container being deleted is still listed for a moment, as on Azure: its blobs are gone with it.
            }
        }
        return names;
    }
}
