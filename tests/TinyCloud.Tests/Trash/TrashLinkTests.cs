using System.Net;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Trash;

[Collection(Areas.Sharing)]
public sealed class TrashLinkTests(Stack stack)
{
    [Fact]
    public async Task LinksToATrashedEntryOrAnythingInsideItStopWorkingAndARestoreDoesNotBringThemBack()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/album")).ShouldBeSuccess();
        (await client.UploadAsync("/album/p.png", [1, 2, 3])).ShouldBeSuccess();
        (await client.UploadAsync("/solo.txt", [4])).ShouldBeSuccess();
        var folderLink = await client.LinkAsync("/album", "folder");
        var insideLink = await client.LinkAsync("/album/p.png");
        var fileLink = await client.LinkAsync("/solo.txt");
        using var stranger = stack.Worker.NewClient();
        (await stranger.SharedInfoAsync(client.UserName!, insideLink)).ShouldBeSuccess();

        var folder = await client.TrashIdAsync("/album", "folder");
        var file = await client.TrashIdAsync("/solo.txt");

        foreach (var link in new[] { folderLink, insideLink, fileLink })
        {
            (await stranger.SharedInfoAsync(client.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound);
            (await stranger.SharedFileAsync(client.UserName!, link)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        (await client.ListSharedAsync()).ShouldBeEmpty();
        (await client.RestoreAsync(folder)).ShouldBeSuccess();
        (await client.RestoreAsync(file)).ShouldBeSuccess();
        foreach (var link in new[] { folderLink, insideLink, fileLink })
            (await stranger.SharedInfoAsync(client.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.ListSharedAsync()).ShouldBeEmpty();
        (await client.LayerAsync("/album")).Single()["shared"]!.GetValue<bool>().ShouldBeFalse();
        (await client.LayerAsync("/")).ShouldAllBe(e => !e["shared"]!.GetValue<bool>());
        var again = await client.LinkAsync("/album/p.png");
        again.ShouldNotBe(insideLink);
        (await stranger.SharedInfoAsync(client.UserName!, again)).ShouldBeSuccess();
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after restoring shared entries");
    }

    [Fact]
    public async Task TheOriginalClientsDeleteEntityDeletesForeverAndFreesTheQuota()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var original = client.CopyAccountTo(new TinyCloud.Tests.Infrastructure.Client(stack.Worker.BaseAddress, rich: false));
        await LogInAsync(original);
        (await client.CreateFolderAsync("/old")).ShouldBeSuccess();
        (await client.UploadAsync("/old/a", new byte[700])).ShouldBeSuccess();

        var deleted = await original.DeleteAsync("/old", "folder");

        deleted.ShouldBeSuccess();
        deleted.Body.AsObject().Select(p => p.Key).ShouldBe(["result"], "the original's exact keys");
        (await client.QuotaAsync()).Used.ShouldBe(0);
        (await client.TrashItemsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteEntityDeletesForeverForRichClientsTooWhileTrashEntityTrashes()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/gone", new byte[50])).ShouldBeSuccess();
        (await client.UploadAsync("/trashed", new byte[60])).ShouldBeSuccess();

        var deleted = await client.DeleteAsync("/gone");
        var trashed = await client.TrashAsync("/trashed");

        deleted.ShouldBeSuccess();
        deleted.Body["freed_bytes"]!.GetValue<long>().ShouldBe(50);
        trashed.ShouldBeSuccess();
        trashed.Body["item"]!["name"]!.GetValue<string>().ShouldBe("trashed");
        (await client.QuotaAsync()).Used.ShouldBe(60);
        (await client.TrashItemsAsync()).Names().ShouldBe(["trashed"]);
        (await client.LayerAsync("/")).ShouldBeEmpty();
    }

    private static async Task LogInAsync(TinyCloud.Tests.Infrastructure.Client client) =>
        (await client.PostAsync("/api/user-service/login", new { user_email = client.Email, password = TinyCloud.Tests.Infrastructure.Client.Password }))
        .ShouldBeSuccess();
}
