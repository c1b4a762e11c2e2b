using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Sharing;

[Collection(Areas.Sharing)]
public sealed class ShareLifecycleTests(Stack stack)
{
    [Fact]
    public async Task SharingReturnsAnUnguessableLinkAndMarksTheEntryShared()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await owner.UploadAsync("/docs/a.txt", "hello"u8.ToArray(), contentType: "text/plain")).ShouldBeSuccess();

        var shared = await owner.ShareAsync("/docs/a.txt");
        shared.ShouldBeSuccess();
        shared.Body["hashed_link"]!.GetValue<string>().ShouldMatch("^[A-Za-z0-9_-]{32}$");
        (await owner.LayerAsync("/docs")).Single()["shared"]!.GetValue<bool>().ShouldBeTrue();
        (await owner.EntityAsync("/docs", "folder")).Body["fs_entity"]!["shared"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task ListSharedShowsEachLinkWithItsEntityPublicUrlsAndUsage()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", "hello"u8.ToArray())).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/pics")).ShouldBeSuccess();
        var fileLink = await owner.LinkAsync("/a.txt", expiresInHours: 24, maxDownloads: 3);
        var folderLink = await owner.LinkAsync("/pics", "folder");

        var list = await owner.ListSharedAsync();
        list.Count.ShouldBe(2);
        var file = list.Single(l => l["hashed_link"]!.GetValue<string>() == fileLink);
        file["file_field"]!.GetValue<string>().ShouldBe("mere");
        file["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/a.txt");
        file["fs_entity"]!["shared"]!.GetValue<bool>().ShouldBeTrue();
        file["info_url"]!.GetValue<string>().ShouldBe($"/shared/{owner.UserName}/{fileLink}");
        file["file_url"]!.GetValue<string>().ShouldBe($"/shared/{owner.UserName}/{fileLink}/file");
        var created = file["created_at"]!.GetValue<DateTime>();
        created.ShouldBe(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        file["expires_at"]!.GetValue<DateTime>().ShouldBe(created.AddHours(24), TimeSpan.FromSeconds(1));
        file["downloads"]!.GetValue<long>().ShouldBe(0);
        file["max_downloads"]!.GetValue<long>().ShouldBe(3);
        var folder = list.Single(l => l["hashed_link"]!.GetValue<string>() == folderLink);
        folder["fs_entity"]!["base_type"]!.GetValue<string>().ShouldBe("folder");
        folder["expires_at"].ShouldBeNull();
        folder["max_downloads"].ShouldBeNull();

        var me = await owner.GetAsync("/api/user-service/get-current-user");
        me.ShouldBeSuccess();
        var links = me.Body["user"]!["shared"]!.AsArray();
        links.Count.ShouldBe(2);
        links.Select(l => l!.ToJsonString()).ShouldContain(
            $$"""{"hashed_link":"{{fileLink}}","file_field":"mere","abs_path_to_entity":"/a.txt","base_type":"file"}""");
    }

    [Fact]
    public async Task SharingTwiceIs409AndRemindGivesTheSameLink()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt");

        (await owner.ShareAsync("/a.txt")).ShouldBeError(HttpStatusCode.Conflict, "already shared");
        var reminded = await owner.RemindAsync("/a.txt");
        reminded.ShouldBeSuccess();
        reminded.Body["hashed_link"]!.GetValue<string>().ShouldBe(link);
    }

    [Fact]
    public async Task ConcurrentSharesOfOneEntryYieldOneLink()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => owner.ShareAsync("/a.txt")));

        results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1);
        results.Count(r => r.Status == HttpStatusCode.Conflict).ShouldBe(7);
        (await owner.ListSharedAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task SharingSomethingThatDoesNotExistIs404()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await owner.ShareAsync("/missing.txt")).ShouldBeError(HttpStatusCode.NotFound, "no file '/missing.txt'");
        (await owner.ShareAsync("/a.txt", "folder")).ShouldBeError(HttpStatusCode.NotFound);
        (await owner.ShareAsync("/a.txt", field: "special")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SharingTheRootIs400()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.ShareAsync("/", "folder")).ShouldBeError(HttpStatusCode.BadRequest, "root folder");
    }

    [Theory]
    [InlineData(0.0, null, "expires_in_hours")]
    [InlineData(-1.0, null, "expires_in_hours")]
    [InlineData(1e9, null, "expires_in_hours")]
    [InlineData(null, 0L, "max_downloads")]
    [InlineData(null, -5L, "max_downloads")]
    public async Task AnImpossibleExpiryOrBudgetIs422(double? hours, long? maxDownloads, string field)
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var response = await owner.ShareAsync("/a.txt", expiresInHours: hours, maxDownloads: maxDownloads);
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, field);
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe(field);
        (await owner.ListSharedAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task SharingRoutesNeedALogin()
    {
        using var anonymous = stack.Worker.NewClient();
        (await anonymous.ShareAsync("/a.txt")).ShouldBeError(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/shared-service/list-shared")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnsharingKillsBothPublicRoutesUnderBothPrefixes()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.UploadAsync("/a.txt", [1, 2, 3])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt");
        (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeSuccess();

        (await owner.UnshareAsync("/a.txt")).ShouldBeSuccess();

        foreach (var prefix in new[] { "shared", "share" })
        {
            (await stranger.SharedInfoAsync(owner.UserName!, link, prefix)).ShouldBeError(HttpStatusCode.NotFound, "no longer shared");
            (await Client.Read(await stranger.SharedFileAsync(owner.UserName!, link, prefix))).ShouldBeError(HttpStatusCode.NotFound, "no longer shared");
        }
        (await owner.LayerAsync()).Single()["shared"]!.GetValue<bool>().ShouldBeFalse();
        (await owner.ListSharedAsync()).ShouldBeEmpty();
        (await owner.UnshareAsync("/a.txt")).ShouldBeError(HttpStatusCode.Conflict, "not shared");
        (await owner.RemindAsync("/a.txt")).ShouldBeError(HttpStatusCode.NotFound, "not shared");
    }

    [Fact]
    public async Task SharingAgainAfterUnsharingGivesANewLinkAndTheOldOneStaysDead()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var first = await owner.LinkAsync("/a.txt");
        (await owner.UnshareAsync("/a.txt")).ShouldBeSuccess();

        var second = await owner.LinkAsync("/a.txt");

        second.ShouldNotBe(first);
        (await stranger.SharedInfoAsync(owner.UserName!, first)).ShouldBeError(HttpStatusCode.NotFound);
        (await stranger.SharedInfoAsync(owner.UserName!, second)).ShouldBeSuccess();
    }

    [Fact]
    public async Task RenamingAndMovingKeepTheLink()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.CreateFolderAsync("/box")).ShouldBeSuccess();
        (await owner.UploadAsync("/box/a.txt", "payload"u8.ToArray())).ShouldBeSuccess();
        var link = await owner.LinkAsync("/box/a.txt");

        (await owner.PostAsync("/api/fs-service/rename-entity",
            new { fs_entity = DriveCalls.Entity("/box/a.txt"), file_field = "mere", new_name = "b.txt" })).ShouldBeSuccess();
        var renamed = await stranger.SharedInfoAsync(owner.UserName!, link);
        renamed.ShouldBeSuccess();
        renamed.Body["name"]!.GetValue<string>().ShouldBe("b.txt");

        (await owner.PostAsync("/api/fs-service/rename-entity",
            new { fs_entity = DriveCalls.Entity("/box", "folder"), file_field = "mere", new_name = "crate" })).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/kept", "special")).ShouldBeSuccess();
        (await owner.PostAsync("/api/fs-service/move-entity", new
        {
            fs_entity = DriveCalls.Entity("/crate/b.txt"), file_field = "mere", new_abs_path = "/kept/c.txt", new_file_field = "special",
        })).ShouldBeSuccess();

        var moved = await stranger.SharedInfoAsync(owner.UserName!, link);
        moved.ShouldBeSuccess();
        moved.Body["name"]!.GetValue<string>().ShouldBe("c.txt");
        (await stranger.SharedFileAsync(owner.UserName!, link)).StatusCode.ShouldBe(HttpStatusCode.Found);
        var listed = (await owner.ListSharedAsync()).Single();
        listed["file_field"]!.GetValue<string>().ShouldBe("special");
        listed["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/kept/c.txt");
        listed["fs_entity"]!["shared"]!.GetValue<bool>().ShouldBeTrue();
        (await owner.RemindAsync("/kept/c.txt", field: "special")).Body["hashed_link"]!.GetValue<string>().ShouldBe(link);
    }

    [Fact]
    public async Task DeletingTheEntityOrAFolderAboveItKillsTheLink()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/f")).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/f/g")).ShouldBeSuccess();
        (await owner.UploadAsync("/f/g/b.txt", [2])).ShouldBeSuccess();
        var fileLink = await owner.LinkAsync("/a.txt");
        var innerLink = await owner.LinkAsync("/f/g/b.txt");
        var folderLink = await owner.LinkAsync("/f/g", "folder");

        (await owner.DeleteAsync("/a.txt")).ShouldBeSuccess();
        (await owner.DeleteAsync("/f", "folder")).ShouldBeSuccess();

        foreach (var link in new[] { fileLink, innerLink, folderLink })
        {
            (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound);
            (await Client.Read(await stranger.SharedFileAsync(owner.UserName!, link))).ShouldBeError(HttpStatusCode.NotFound);
        }
        (await owner.ListSharedAsync()).ShouldBeEmpty();

        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await stranger.SharedInfoAsync(owner.UserName!, fileLink)).ShouldBeError(HttpStatusCode.NotFound);
        (await owner.LayerAsync()).Single(e => e["name"]!.GetValue<string>() == "a.txt")["shared"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task EveryWayALinkFailsGivesTheSame404()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var other = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await owner.UploadAsync("/gone.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt");
        var unsharedLink = await owner.LinkAsync("/gone.txt");
        (await owner.UnshareAsync("/gone.txt")).ShouldBeSuccess();
        var wellFormedButUnknown = TinyCloud.Shared.Sharing.HashedLinks.New();

        var attempts = new[]
        {
            (other.UserName!, link),
            ("nobody-" + Guid.NewGuid().ToString("N")[..8], link),
            (owner.UserName!, wellFormedButUnknown),
            (owner.UserName!, unsharedLink),
            (owner.UserName!, "short"),
            (owner.UserName!, link[..31] + "%2F"),
        };
        var expected = (await stranger.SharedInfoAsync(owner.UserName!, wellFormedButUnknown)).Body.ToJsonString();
        foreach (var (user, attempt) in attempts)
        {
            var info = await stranger.SharedInfoAsync(user, attempt);
            info.ShouldBeError(HttpStatusCode.NotFound);
            info.Body.ToJsonString().ShouldBe(expected);
            var file = await Client.Read(await stranger.SharedFileAsync(user, attempt));
            file.ShouldBeError(HttpStatusCode.NotFound);
            file.Body.ToJsonString().ShouldBe(expected);
        }
        using var raw = await stranger.Http.GetAsync($"/shared/{other.UserName}/{link}");
        raw.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeSuccess();
    }
}
