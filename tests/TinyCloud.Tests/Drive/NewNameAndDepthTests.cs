using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Drive;

/// <summary>Names that tools mangle, the depth limit, and JSON bodies that do not say they are JSON.</summary>
[Collection(Areas.Drive)]
public sealed class NewNameAndDepthTests(Stack stack)
{
    [Theory]
    [InlineData("   ", "only spaces")]
    [InlineData("notes.", "end with a space or a dot")]
    [InlineData("notes ", "end with a space or a dot")]
    [InlineData("...", "end with a space or a dot")]
    public async Task ANameOfSpacesOrEndingInASpaceOrDotIsRefusedEverywhereANameIsGiven(string name, string rule)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await client.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var link = await client.LinkWithAsync("/inbox", "folder", new { upload_only = true });

        (await client.CreateFolderAsync("/" + name)).ShouldBeError(HttpStatusCode.BadRequest, rule);
        (await client.UploadAsync("/" + name, [1])).ShouldBeError(HttpStatusCode.BadRequest, rule);
        (await client.PostAsync("/api/fs-service/begin-upload", new { fs_entity = DriveCalls.Entity("/" + name), file_field = "mere", size_bytes = 1 }))
            .ShouldBeError(HttpStatusCode.BadRequest, rule);
        (await client.RenameAsync("/a.txt", name)).ShouldBeError(HttpStatusCode.BadRequest, rule);
        (await client.MoveAsync("/a.txt", "/" + name)).ShouldBeError(HttpStatusCode.BadRequest, rule);
        (await client.BeginThroughAsync(client.UserName!, link, name, 1)).ShouldBeError(HttpStatusCode.UnprocessableEntity); // a field rule of its body
        (await client.LayerAsync()).Names().ShouldBe(["a.txt", "inbox"], ignoreOrder: true);
        (await client.LayerAsync("/inbox")).ShouldBeEmpty();
        (await client.QuotaAsync()).Used.ShouldBe(1);
    }

    [Fact]
    public async Task AFolderAtTheDepthLimitWorksAndNothingDeeperCanBeMadeThere()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var path = new StringBuilder();
        for (var depth = 1; depth < DrivePath.MaxDepth; depth++)
        {
            path.Append("/d");
            (await client.CreateFolderAsync(path.ToString())).ShouldBeSuccess();
        }
        var deepest = path + "/f.txt";
        (await client.UploadAsync(deepest, [7])).ShouldBeSuccess(); // 256 segments: at the limit
        (await client.EntityAsync(deepest)).ShouldBeSuccess();
        (await client.CreateFolderAsync(path + "/e")).ShouldBeSuccess();

        (await client.CreateFolderAsync(path + "/e/x")).ShouldBeError(HttpStatusCode.BadRequest, "at most 256 levels");
        (await client.UploadAsync(path + "/e/x.txt", [1])).ShouldBeError(HttpStatusCode.BadRequest, "at most 256 levels");
        (await client.PostAsync("/api/fs-service/begin-upload", new { fs_entity = DriveCalls.Entity(path + "/e/x.txt"), file_field = "mere", size_bytes = 1 }))
            .ShouldBeError(HttpStatusCode.BadRequest, "at most 256 levels");

        // A folder two levels tall fits at the top, not one level down from the deepest folder.
        (await client.CreateFolderAsync("/tall")).ShouldBeSuccess();
        (await client.UploadAsync("/tall/t.txt", [1])).ShouldBeSuccess();
        (await client.MoveAsync("/tall", path + "/tall", "folder")).ShouldBeError(HttpStatusCode.BadRequest, "at most 256 levels");
        (await client.MoveAsync("/tall", "/d/tall", "folder")).ShouldBeSuccess();
        (await client.LayerAsync("/d/tall")).Names().ShouldBe(["t.txt"]);
        (await client.QuotaAsync()).Used.ShouldBe(2);
    }

    [Fact]
    public async Task AJsonRouteWithoutAJsonContentTypeAnswers415()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var json = """{"fs_entity":{"name":"x","abs_path":"/x","base_type":"folder"},"file_field":"mere"}""";
        foreach (var contentType in new string?[] { null, "text/plain" })
        {
            using var content = new StringContent(json);
            content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
            var answer = await Client.Read(await client.Http.PostAsync("/api/fs-service/create-folder", content));
            answer.ShouldBeError(HttpStatusCode.UnsupportedMediaType, contentType is null ? "Content-Type: application/json" : "Expected application/json");
        }
        (await client.LayerAsync()).ShouldBeEmpty();
    }
}
