using System.Net;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Trash;

[Collection(Areas.Sharing)]
public sealed class TrashTests(Stack stack)
{
    [Fact]
    public async Task ATrashedFolderVanishesWithEverythingInsideAndIsListedInTheTrashWithItsTotalSize()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/docs/sub")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/a.txt", new byte[300])).ShouldBeSuccess();
        (await client.UploadAsync("/docs/sub/b.txt", new byte[200])).ShouldBeSuccess();

        var trashed = await client.TrashAsync("/docs", "folder");

        trashed.ShouldBeSuccess();
        trashed.Body["item"]!["size_bytes"]!.GetValue<long>().ShouldBe(500);
        (await client.LayerAsync("/")).ShouldBeEmpty();
        (await client.EntityAsync("/docs/a.txt")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.EntityAsync("/docs", "folder")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/docs/sub", file_field = "mere" }))
            .ShouldBeError(HttpStatusCode.NotFound);
        (await client.DownloadAsync("/docs/sub/b.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync("/api/download-service/download-folder", new { fs_entity = Entity("/docs", "folder"), file_field = "mere" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.UploadAsync("/docs/c.txt", [1])).ShouldBeError(HttpStatusCode.NotFound);
        var item = (await client.TrashItemsAsync()).ShouldHaveSingleItem();
        item["name"]!.GetValue<string>().ShouldBe("docs");
        item["base_type"]!.GetValue<string>().ShouldBe("folder");
        item["file_field"]!.GetValue<string>().ShouldBe("mere");
        item["original_path"]!.GetValue<string>().ShouldBe("/docs");
        item["size_bytes"]!.GetValue<long>().ShouldBe(500);
        var deletedAt = item["deleted_at"]!.GetValue<DateTime>();
        deletedAt.ShouldBe(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        item["purge_at"]!.GetValue<DateTime>().ShouldBe(deletedAt.AddDays(30), TimeSpan.FromSeconds(1));
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after trashing a folder");
    }

    [Fact]
    public async Task TwoTrashedFilesOfOneNameFromOneFolderCoexistAndTheNameIsFreeAtOnce()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        await client.TrashIdAsync("/a.txt");
        (await client.UploadAsync("/a.txt", [2, 2])).ShouldBeSuccess();
        await client.TrashIdAsync("/a.txt");
        (await client.CreateFolderAsync("/a.txt")).ShouldBeSuccess();

        var items = await client.TrashItemsAsync();

        items.Select(i => i["name"]!.GetValue<string>()).ShouldBe(["a.txt", "a.txt"]);
        items.Select(i => i["size_bytes"]!.GetValue<long>()).ShouldBe([2L, 1L], "newest first");
        (await client.LayerAsync("/")).Single()["base_type"]!.GetValue<string>().ShouldBe("folder");
    }

    [Fact]
    public async Task AFolderHoldingAChildOfItsOwnNameIsTrashedAndRestoredWhole()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/x")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/x/x")).ShouldBeSuccess();
        (await client.UploadAsync("/x/x/x", [7])).ShouldBeSuccess();

        var id = await client.TrashIdAsync("/x", "folder");

        (await client.LayerAsync("/")).ShouldBeEmpty();
        (await client.RestoreAsync(id)).ShouldBeSuccess();
        (await client.LayerAsync("/x/x")).Names().ShouldBe(["x"]);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after trashing and restoring /x");
    }

    [Fact]
    public async Task ARestoreAfterItsParentWasRenamedGoesBackIntoTheRenamedParent()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/p")).ShouldBeSuccess();
        var bytes = RandomBytes(64);
        (await client.UploadAsync("/p/f.bin", bytes)).ShouldBeSuccess();
        var id = await client.TrashIdAsync("/p/f.bin");
        (await client.RenameAsync("/p", "q", "folder")).ShouldBeSuccess();

        var restored = await client.RestoreAsync(id);

        restored.ShouldBeSuccess();
        restored.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/q/f.bin");
        restored.Body["file_field"]!.GetValue<string>().ShouldBe("mere");
        (await (await client.DownloadAsync("/q/f.bin")).Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        (await client.TrashItemsAsync()).ShouldBeEmpty();
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a restore");
    }

    [Fact]
    public async Task ARestoreWhereTheNameIsTakenIsA409AndUnderANewNameItSucceeds()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/d")).ShouldBeSuccess();
        (await client.UploadAsync("/d/x", [1, 2, 3])).ShouldBeSuccess();
        var id = await client.TrashIdAsync("/d", "folder");
        (await client.CreateFolderAsync("/d")).ShouldBeSuccess();

        (await client.RestoreAsync(id)).ShouldBeError(HttpStatusCode.Conflict, "'/d' already exists");
        (await client.TrashItemsAsync()).Count.ShouldBe(1);
        var restored = await client.RestoreAsync(id, "d (restored)");

        restored.ShouldBeSuccess();
        restored.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/d (restored)");
        (await client.LayerAsync("/d (restored)")).Names().ShouldBe(["x"]);
        (await client.LayerAsync("/")).Names().ShouldBe(["d", "d (restored)"]);
    }

    [Fact]
    public async Task ARestoreIntoAFolderThatIsInTheTrashOrGoneIsA409SayingWhich()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/outer")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/outer/inner")).ShouldBeSuccess();
        (await client.UploadAsync("/outer/inner/f", [1])).ShouldBeSuccess();
        var file = await client.TrashIdAsync("/outer/inner/f");
        var outer = await client.TrashIdAsync("/outer", "folder");

        (await client.RestoreAsync(file)).ShouldBeError(HttpStatusCode.Conflict, "'/outer/inner') is in the trash");
        (await client.DeleteForeverAsync(outer)).ShouldBeSuccess();
        (await client.RestoreAsync(file)).ShouldBeError(HttpStatusCode.Conflict, "'/outer/inner') no longer exists");
        (await client.RestoreAsync(file, "other")).ShouldBeError(HttpStatusCode.Conflict, "no longer exists");
        (await client.TrashItemsAsync()).Single()["id"]!.GetValue<string>().ShouldBe(file);
    }

    [Fact]
    public async Task TrashedBytesCountUntilDeletedForeverWhichFreesExactlyThemAndTheirBlobs()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var (_, before) = await client.QuotaAsync();
        (await client.CreateFolderAsync("/big")).ShouldBeSuccess();
        (await client.UploadAsync("/big/1.bin", new byte[4000])).ShouldBeSuccess();
        (await client.UploadAsync("/big/2.bin", new byte[1000])).ShouldBeSuccess();
        (await client.UploadAsync("/keep.bin", new byte[10])).ShouldBeSuccess();
        (await client.QuotaAsync()).Used.ShouldBe(5010);

        var id = await client.TrashIdAsync("/big", "folder");
        (await client.QuotaAsync()).ShouldBe((5010L, before - 5010));
        (await BlobCountAsync(userId)).ShouldBe(3);
        var deleted = await client.DeleteForeverAsync(id);

        deleted.ShouldBeSuccess();
        deleted.Body["deleted_entries"]!.GetValue<int>().ShouldBe(3);
        deleted.Body["freed_bytes"]!.GetValue<long>().ShouldBe(5000);
        (await client.QuotaAsync()).ShouldBe((10L, before - 10));
        (await BlobCountAsync(userId)).ShouldBe(1);
        (await client.TrashItemsAsync()).ShouldBeEmpty();
        (await client.DeleteForeverAsync(id)).ShouldBeError(HttpStatusCode.NotFound, "no such entry in your trash");
        await stack.Worker.ShouldBeSoundAsync(userId, "after delete forever");
    }

    [Fact]
    public async Task EmptyingTheTrashFreesEverythingInItAndNothingElse()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/f")).ShouldBeSuccess();
        (await client.UploadAsync("/f/a", new byte[100])).ShouldBeSuccess();
        (await client.UploadAsync("/b", new byte[20], "special")).ShouldBeSuccess();
        (await client.UploadAsync("/kept", new byte[3])).ShouldBeSuccess();
        await client.TrashIdAsync("/f", "folder");
        await client.TrashIdAsync("/b", field: "special");

        var emptied = await client.EmptyTrashAsync();

        emptied.ShouldBeSuccess();
        emptied.Body["deleted_entries"]!.GetValue<int>().ShouldBe(3);
        emptied.Body["freed_bytes"]!.GetValue<long>().ShouldBe(120);
        (await client.QuotaAsync()).Used.ShouldBe(3);
        (await client.TrashItemsAsync()).ShouldBeEmpty();
        (await BlobCountAsync(userId)).ShouldBe(1);
        (await client.EmptyTrashAsync()).Body["deleted_entries"]!.GetValue<int>().ShouldBe(0);
        await stack.Worker.ShouldBeSoundAsync(userId, "after emptying the trash");
    }

    [Fact]
    public async Task TheTrashIsListedNewestFirstInPagesThatNeitherRepeatNorSkip()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < 5; i++)
        {
            (await client.UploadAsync($"/{i}", [1])).ShouldBeSuccess();
            await client.TrashIdAsync($"/{i}");
        }

        var names = new List<string>();
        string? before = null;
        var pages = 0;
        do
        {
            var page = await client.ListTrashAsync(2, before);
            page.ShouldBeSuccess();
            names.AddRange(page.Body["items"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
            before = page.Body["next_before"]?.GetValue<string>();
            pages++;
        } while (before is not null);

        names.ShouldBe(["4", "3", "2", "1", "0"]);
        pages.ShouldBe(3);
    }

    private async Task<int> BlobCountAsync(long userId)
    {
        var count = 0;
        var blobs = stack.Worker.Get<BlobFiles>();
        await foreach (var _ in blobs.Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, blobs.UserPrefix(userId), default))
            count++;
        return count;
    }
}
