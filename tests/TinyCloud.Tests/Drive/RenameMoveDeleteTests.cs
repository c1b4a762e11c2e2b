using System.Net;
using Azure.Storage.Blobs;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Drive;

[Collection(Areas.Drive)]
public sealed class RenameMoveDeleteTests(Stack stack)
{
    private static object Rename(string path, string baseType, string newName) =>
        new { fs_entity = DriveCalls.Entity(path, baseType), file_field = "mere", new_name = newName };

    private static object Move(string path, string baseType, string newPath, string field = "mere", string? newField = null) =>
        new { fs_entity = DriveCalls.Entity(path, baseType), file_field = field, new_abs_path = newPath, new_file_field = newField };

    private static async Task<Client> UserWithTreeAsync(Stack stack)
    {
        var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/docs/deep")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/docs/empty")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/a.txt", "aaa"u8.ToArray())).ShouldBeSuccess();
        (await client.UploadAsync("/docs/deep/b.txt", "bbbbb"u8.ToArray())).ShouldBeSuccess();
        return client;
    }

    [Fact]
    public async Task RenamingAFileKeepsItsBytes()
    {
        using var client = await UserWithTreeAsync(stack);
        var renamed = await client.PostAsync("/api/fs-service/rename-entity", Rename("/docs/a.txt", "file", "renamed.txt"));
        renamed.ShouldBeSuccess();
        renamed.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/docs/renamed.txt");
        using var download = await client.DownloadAsync("/docs/renamed.txt");
        (await download.Content.ReadAsStringAsync()).ShouldBe("aaa");
        (await client.EntityAsync("/docs/a.txt")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RenamingAFolderMovesEverythingInsideIt()
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.PostAsync("/api/fs-service/rename-entity", Rename("/docs", "folder", "papers"))).ShouldBeSuccess();
        (await client.LayerAsync("/papers")).Select(e => e["abs_path"]!.GetValue<string>())
            .ShouldBe(["/papers/deep", "/papers/empty", "/papers/a.txt"]);
        using var download = await client.DownloadAsync("/papers/deep/b.txt");
        (await download.Content.ReadAsStringAsync()).ShouldBe("bbbbb");
        (await client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/docs", file_field = "mere" }))
            .ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RenamingOntoAnExistingNameIs409AndChangesNothing()
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.PostAsync("/api/fs-service/rename-entity", Rename("/docs/deep", "folder", "empty")))
            .ShouldBeError(HttpStatusCode.Conflict, "already exists");
        (await client.LayerAsync("/docs/deep")).Single()["name"]!.GetValue<string>().ShouldBe("b.txt");
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task RenamingToAnInvalidNameIs400(string newName)
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.PostAsync("/api/fs-service/rename-entity", Rename("/docs/a.txt", "file", newName)))
            .ShouldBeError(HttpStatusCode.BadRequest, "new_name");
    }

    [Fact]
    public async Task RenamingSomethingMissingIs404()
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.PostAsync("/api/fs-service/rename-entity", Rename("/docs/zzz.txt", "file", "x.txt"))).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MovingAFolderIntoAnotherCarriesItsContent()
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.CreateFolderAsync("/archive")).ShouldBeSuccess();
        var moved = await client.PostAsync("/api/fs-service/move-entity", Move("/docs", "folder", "/archive/docs-2024"));
        moved.ShouldBeSuccess();
        moved.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/archive/docs-2024");
        using var download = await client.DownloadAsync("/archive/docs-2024/deep/b.txt");
        (await download.Content.ReadAsStringAsync()).ShouldBe("bbbbb");
        (await client.LayerAsync("/")).Single()["name"]!.GetValue<string>().ShouldBe("archive");
    }

    [Fact]
    public async Task MovingAFolderIntoItselfIs400()
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.PostAsync("/api/fs-service/move-entity", Move("/docs", "folder", "/docs/deep/docs")))
            .ShouldBeError(HttpStatusCode.BadRequest, "into itself");
    }

    [Fact]
    public async Task MovingIntoAMissingFolderIs404AndOntoAnExistingPathIs409()
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.PostAsync("/api/fs-service/move-entity", Move("/docs/a.txt", "file", "/missing/a.txt")))
            .ShouldBeError(HttpStatusCode.NotFound, "destination folder");
        (await client.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await client.PostAsync("/api/fs-service/move-entity", Move("/docs/a.txt", "file", "/a.txt")))
            .ShouldBeError(HttpStatusCode.Conflict, "already exists");
    }

    [Fact]
    public async Task MovingBetweenFieldsKeepsTheQuotaUnchanged()
    {
        using var client = await UserWithTreeAsync(stack);
        var before = await client.QuotaAsync();
        (await client.PostAsync("/api/fs-service/move-entity", Move("/docs", "folder", "/kept", newField: "special"))).ShouldBeSuccess();
        (await client.QuotaAsync()).ShouldBe(before);
        (await client.LayerAsync("/", "mere")).ShouldBeEmpty();
        using var download = await client.DownloadAsync("/kept/deep/b.txt", "special");
        (await download.Content.ReadAsStringAsync()).ShouldBe("bbbbb");
    }

    [Fact]
    public async Task DeletingAFileFreesExactlyItsSizeAndItsBlob()
    {
        using var client = await UserWithTreeAsync(stack);
        var blob = await BlobOfAsync(client, "/docs/a.txt");
        var (usedBefore, _) = await client.QuotaAsync();
        var deleted = await client.DeleteAsync("/docs/a.txt");
        deleted.ShouldBeSuccess();
        deleted.Body["freed_bytes"]!.GetValue<long>().ShouldBe(3);
        (await client.QuotaAsync()).Used.ShouldBe(usedBefore - 3);
        (await Container().GetBlobClient(blob).ExistsAsync()).Value.ShouldBeFalse();
        (await client.EntityAsync("/docs/a.txt")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingAFolderRemovesEverythingInsideAndFreesItAll()
    {
        using var client = await UserWithTreeAsync(stack);
        var blob = await BlobOfAsync(client, "/docs/deep/b.txt");
        var deleted = await client.DeleteAsync("/docs", "folder");
        deleted.ShouldBeSuccess();
        deleted.Body["deleted_entries"]!.GetValue<int>().ShouldBe(5);
        deleted.Body["freed_bytes"]!.GetValue<long>().ShouldBe(8);
        (await client.QuotaAsync()).ShouldBe((0, 10000L * 1024 * 1024));
        (await client.LayerAsync()).ShouldBeEmpty();
        (await Container().GetBlobClient(blob).ExistsAsync()).Value.ShouldBeFalse();
        (await client.CreateFolderAsync("/docs")).ShouldBeSuccess(); // the name is free again
    }

    [Fact]
    public async Task DeletingAFolderGivesBackTheReservationOfADirectUploadPendingInside()
    {
        using var client = await UserWithTreeAsync(stack);
        var (usedBefore, availableBefore) = await client.QuotaAsync();
        var (uploadId, _) = await client.BegunAsync("/docs/deep/video.mp4", 5 * 1024 * 1024);
        (await client.QuotaAsync()).Available.ShouldBe(availableBefore - 5 * 1024 * 1024);

        (await client.DeleteAsync("/docs", "folder")).ShouldBeSuccess();

        (await client.QuotaAsync()).ShouldBe((0, availableBefore + usedBefore));
        (await client.CompleteUploadAsync(uploadId)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.QuotaAsync()).ShouldBe((0, availableBefore + usedBefore));
    }

    [Fact]
    public async Task DeletingTheRootIs400()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.DeleteAsync("/", "folder")).ShouldBeError(HttpStatusCode.BadRequest, "root");
    }

    [Fact]
    public async Task DeletingWithTheWrongBaseTypeIs404()
    {
        using var client = await UserWithTreeAsync(stack);
        (await client.DeleteAsync("/docs", "file")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.LayerAsync("/docs")).Count.ShouldBe(3);
    }

    private BlobContainerClient Container() => stack.Worker.Get<BlobContainerClient>();

    private async Task<string> BlobOfAsync(Client client, string path)
    {
        var userId = (await client.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();
        var entry = await stack.Worker.EntryAtAsync(userId, "mere", path);
        return entry!.Blob!;
    }
}
