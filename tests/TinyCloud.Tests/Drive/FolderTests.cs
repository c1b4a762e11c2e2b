using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Drive;

[Collection(Areas.Drive)]
public sealed class FolderTests(Stack stack)
{
    [Fact]
    public async Task ACreatedFolderIsListedInItsParentFoldersFirst()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/zeta.txt", [1])).ShouldBeSuccess();
        var created = await client.CreateFolderAsync("/Photos");
        created.ShouldBeSuccess();
        created.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/Photos");
        created.Body["fs_entity"]!["base_type"]!.GetValue<string>().ShouldBe("folder");
        (await client.CreateFolderAsync("/Photos/2024")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/Archive")).ShouldBeSuccess();

        var names = (await client.LayerAsync("/")).Select(e => e["name"]!.GetValue<string>()).ToList();
        names.ShouldBe(["Archive", "Photos", "zeta.txt"]);
        (await client.LayerAsync("/Photos")).Single()["abs_path"]!.GetValue<string>().ShouldBe("/Photos/2024");
    }

    [Fact]
    public async Task EachFieldHasItsOwnRoot()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/same", "special")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/same", "temporary")).ShouldBeSuccess();
        (await client.LayerAsync("/", "mere")).ShouldBeEmpty();
        (await client.LayerAsync("/", "special")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task CreatingAFolderInAMissingParentIs404()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/missing/child")).ShouldBeError(HttpStatusCode.NotFound, "parent folder '/missing'");
    }

    [Fact]
    public async Task CreatingAFolderWhereAFolderOrFileExistsIs409()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/dup")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/dup")).ShouldBeError(HttpStatusCode.Conflict, "already exists");
        (await client.UploadAsync("/file.txt", [1, 2])).ShouldBeSuccess();
        (await client.CreateFolderAsync("/file.txt")).ShouldBeError(HttpStatusCode.Conflict, "already exists");
    }

    [Fact]
    public async Task CreatingAFolderInsideAFileIs404()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/file.txt", [1])).ShouldBeSuccess();
        (await client.CreateFolderAsync("/file.txt/sub")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/a/../b", "'.' and '..'")]
    [InlineData("/.", "'.' and '..'")]
    [InlineData("/a//b", "empty segments")]
    [InlineData("/a/", "must not end with '/'")]
    [InlineData("/a\\b", "'\\'")]
    [InlineData("/a\u0000b", "control characters")]
    [InlineData("no-slash", "absolute")]
    public async Task AnInvalidPathIs400NamingTheRule(string path, string rule)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.PostAsync("/api/fs-service/create-folder",
            new { fs_entity = new { name = "b", abs_path = path, base_type = "folder" }, file_field = "mere" });
        response.ShouldBeError(HttpStatusCode.BadRequest, rule);
    }

    [Fact]
    public async Task ASegmentOver255BytesIs400()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/" + new string('x', 256))).ShouldBeError(HttpStatusCode.BadRequest, "255 UTF-8 bytes");
    }

    [Fact]
    public async Task ANameThatIsNotTheLastSegmentIs400()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.PostAsync("/api/fs-service/create-folder",
            new { fs_entity = new { name = "other", abs_path = "/real", base_type = "folder" }, file_field = "mere" });
        response.ShouldBeError(HttpStatusCode.BadRequest, "must equal the last segment");
    }

    [Fact]
    public async Task AnUnknownFileFieldIs400()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/x", "secret")).ShouldBeError(HttpStatusCode.BadRequest, "Unknown file_field");
    }

    [Fact]
    public async Task ADecomposedNameIsStoredNfcNormalized()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/cafe\u0301")).ShouldBeSuccess();
        (await client.LayerAsync()).Single()["abs_path"]!.GetValue<string>().ShouldBe("/caf\u00e9");
        (await client.CreateFolderAsync("/caf\u00e9")).ShouldBeError(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AnEntityLookupFindsFoldersFilesAndTheRoot()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/a.txt", "hello"u8.ToArray(), contentType: "text/plain")).ShouldBeSuccess();

        var file = await client.EntityAsync("/docs/a.txt");
        file.ShouldBeSuccess();
        file.Body["fs_entity"]!["size_bytes"]!.GetValue<long>().ShouldBe(5);
        file.Body["fs_entity"]!["mime_type"]!.GetValue<string>().ShouldBe("text/plain");
        file.Body["fs_entity"]!["shared"]!.GetValue<bool>().ShouldBeFalse();
        (await client.EntityAsync("/docs", "folder")).ShouldBeSuccess();
        (await client.EntityAsync("/", "folder")).ShouldBeSuccess();
        (await client.EntityAsync("/docs", "file")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.EntityAsync("/nope.txt")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListingAMissingFolderIs404()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/none", file_field = "mere" }))
            .ShouldBeError(HttpStatusCode.NotFound, "no folder");
    }

    [Fact]
    public async Task AnotherUsersFilesAreUnreachable()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var intruder = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/private")).ShouldBeSuccess();
        (await owner.UploadAsync("/private/secret.txt", "s3cret"u8.ToArray())).ShouldBeSuccess();

        (await intruder.EntityAsync("/private/secret.txt")).ShouldBeError(HttpStatusCode.NotFound);
        (await Client.Read(await intruder.DownloadAsync("/private/secret.txt"))).ShouldBeError(HttpStatusCode.NotFound);
        (await intruder.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/private", file_field = "mere" }))
            .ShouldBeError(HttpStatusCode.NotFound);
        (await intruder.DeleteAsync("/private", "folder")).ShouldBeError(HttpStatusCode.NotFound);
        (await owner.LayerAsync("/private")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task FileRoutesNeedALogin()
    {
        using var client = stack.Worker.NewClient();
        (await client.CreateFolderAsync("/x")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnUnverifiedUserGets403OnFileRoutes()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:AutoVerify"] = "false" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/x")).ShouldBeError(HttpStatusCode.Forbidden, "not verified");
        (await client.UploadAsync("/x.txt", [1])).ShouldBeError(HttpStatusCode.Forbidden, "not verified");
        (await client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/", file_field = "mere" }))
            .ShouldBeError(HttpStatusCode.Forbidden);
        (await Client.Read(await client.DownloadAsync("/x.txt"))).ShouldBeError(HttpStatusCode.Forbidden);
    }
}
