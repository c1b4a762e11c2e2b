using System.Net;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Drive;

/// <summary>copy-entity: files and folders, within and across fields, sharing blobs; charged whole or refused.</summary>
[Collection(Areas.Drive)]
public sealed class CopyTests(Stack stack)
{
    private static readonly byte[] Bytes = "shared bytes"u8.ToArray();

    [Fact]
    public async Task AFileCopyIsANewEntryWithTheSameBytesAndHash()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.txt", Bytes)).ShouldBeSuccess();
        await client.LinkAsync("/a.txt");

        var copied = await client.CopyAsync("/a.txt", "/b.txt", newField: "special");

        copied.ShouldBeSuccess();
        copied.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/b.txt");
        copied.Body["fs_entity"]!["shared"]!.GetValue<bool>().ShouldBeFalse("links are not copied");
        copied.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(VersionCalls.Sha256Hex(Bytes));
        copied.Body["file_field"]!.GetValue<string>().ShouldBe("special");
        (copied.Body["copied_entries"]!.GetValue<long>(), copied.Body["copied_bytes"]!.GetValue<long>()).ShouldBe((1L, Bytes.Length));
        (await (await client.DownloadAsync("/b.txt", "special")).Content.ReadAsByteArrayAsync()).ShouldBe(Bytes);
        (await client.QuotaAsync()).Used.ShouldBe(2 * Bytes.Length);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a copy");
    }

    [Fact]
    public async Task DeletingTheSourceKeepsTheCopysBytes()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.txt", Bytes)).ShouldBeSuccess();
        (await client.CopyAsync("/a.txt", "/b.txt")).ShouldBeSuccess();

        (await client.DeleteAsync("/a.txt")).ShouldBeSuccess();

        (await (await client.DownloadAsync("/b.txt")).Content.ReadAsByteArrayAsync()).ShouldBe(Bytes);
        (await client.QuotaAsync()).Used.ShouldBe(Bytes.Length);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after the source went");
        (await client.DeleteAsync("/b.txt")).ShouldBeSuccess();
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after both went (no blob left)");
    }

    [Fact]
    public async Task AFolderCopyCopiesEverythingInsideAndChargesItsSize()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/src")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/src/inner")).ShouldBeSuccess();
        (await client.UploadAsync("/src/a.bin", new byte[100])).ShouldBeSuccess();
        (await client.UploadAsync("/src/inner/b.bin", new byte[50])).ShouldBeSuccess();

        var copied = await client.CopyAsync("/src", "/dst", "folder");

        copied.ShouldBeSuccess();
        (copied.Body["copied_entries"]!.GetValue<long>(), copied.Body["copied_bytes"]!.GetValue<long>()).ShouldBe((4L, 150L));
        (await client.LayerAsync("/dst")).Names().ShouldBe(["inner", "a.bin"]);
        (await client.LayerAsync("/dst/inner")).Names().ShouldBe(["b.bin"]);
        (await client.QuotaAsync()).Used.ShouldBe(300);
        (await client.DeleteAsync("/src", "folder")).ShouldBeSuccess();
        (await (await client.DownloadAsync("/dst/inner/b.bin")).Content.ReadAsByteArrayAsync()).Length.ShouldBe(50);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a folder copy and the source's delete");
    }

    [Fact]
    public async Task ACopyOverTheQuotaIs413AndLeavesNothing()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/big.bin", new byte[700_000])).ShouldBeSuccess();

        (await client.CopyAsync("/big.bin", "/again.bin")).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "quota");

        (await client.LayerAsync()).Names().ShouldBe(["big.bin"]);
        (await client.QuotaAsync()).Used.ShouldBe(700_000);
        await worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a refused copy");
    }

    [Fact]
    public async Task BadCopiesAreClear4xx()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/f")).ShouldBeSuccess();
        (await client.UploadAsync("/a.txt", Bytes)).ShouldBeSuccess();
        (await client.CopyAsync("/a.txt", "/f")).ShouldBeError(HttpStatusCode.Conflict, "already exists");
        (await client.CopyAsync("/f", "/f/inside", "folder")).ShouldBeError(HttpStatusCode.BadRequest, "into itself");
        (await client.CopyAsync("/missing.txt", "/b.txt")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.CopyAsync("/a.txt", "/nowhere/b.txt")).ShouldBeError(HttpStatusCode.NotFound, "destination");
        (await client.CopyAsync("/a.txt", "/b.txt ")).ShouldBeError(HttpStatusCode.BadRequest);
        (await client.CopyAsync("/a.txt", "/b.txt", newField: "elsewhere")).ShouldBeError(HttpStatusCode.BadRequest, "file_field");
        (await client.QuotaAsync()).Used.ShouldBe(Bytes.Length);
    }
}
