using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TinyCloud.Functions;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Sharing;

[Collection(Areas.Sharing)]
public sealed class ShareLimitTests(Stack stack)
{
    [Fact]
    public async Task ALinkDiesWhenItExpires()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.UploadAsync("/a.txt", [1, 2])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt", expiresInHours: 1);
        var ownerId = await owner.UserIdAsync();

        await stack.Worker.AgeAsync(ownerId, TimeSpan.FromMinutes(59));
        (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeSuccess();

        await stack.Worker.AgeAsync(ownerId, TimeSpan.FromMinutes(2));
        (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound, "no longer shared");
        (await Client.Read(await stranger.SharedFileAsync(owner.UserName!, link))).ShouldBeError(HttpStatusCode.NotFound, "no longer shared");
        (await Client.Read(await stranger.SharedFileAsync(owner.UserName!, link, "share"))).ShouldBeError(HttpStatusCode.NotFound);

        var listed = (await owner.ListSharedAsync()).Single();
        listed["expires_at"]!.GetValue<DateTime>().ShouldBeLessThan(DateTime.UtcNow);
        (await owner.RemindAsync("/a.txt")).Body["hashed_link"]!.GetValue<string>().ShouldBe(link);
    }

    [Fact]
    public async Task AFileLinkAnswers404OnceItsDownloadBudgetIsSpent()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt", maxDownloads: 2);

        (await stranger.SharedFileAsync(owner.UserName!, link)).StatusCode.ShouldBe(HttpStatusCode.Found);
        (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeSuccess();
        (await stranger.SharedFileAsync(owner.UserName!, link, "share")).StatusCode.ShouldBe(HttpStatusCode.Found);

        (await Client.Read(await stranger.SharedFileAsync(owner.UserName!, link))).ShouldBeError(HttpStatusCode.NotFound, "no longer shared");
        (await stranger.SharedInfoAsync(owner.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound, "no longer shared");
        var listed = (await owner.ListSharedAsync()).Single();
        listed["downloads"]!.GetValue<long>().ShouldBe(2);
        listed["max_downloads"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task ConcurrentDownloadsNeverExceedTheBudget()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt", maxDownloads: 3);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var stranger = stack.Worker.NewClient();
            using var response = await stranger.SharedFileAsync(owner.UserName!, link);
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.Found).ShouldBe(3);
        statuses.Count(s => s == HttpStatusCode.NotFound).ShouldBe(9);
        (await owner.ListSharedAsync()).Single()["downloads"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public async Task AFolderLinkSpendsItsBudgetToo()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        (await owner.CreateFolderAsync("/f")).ShouldBeSuccess();
        var link = await owner.LinkAsync("/f", "folder", maxDownloads: 1);

        using (var first = await stranger.SharedFileAsync(owner.UserName!, link))
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.Read(await stranger.SharedFileAsync(owner.UserName!, link))).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASasUrlWorksUntilItExpiresAndThenStorageRefusesIt()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", "still here"u8.ToArray())).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt");
        using var stranger = stack.Worker.NewClient();
        var handedOut = (await stranger.SharedFileAsync(owner.UserName!, link)).Headers.Location!;
        using var browser = ShareCalls.Stranger();
        (await browser.GetStringAsync(handedOut)).ShouldBe("still here");
        var lifetime = stack.Worker.Get<IOptions<SharesOptions>>().Value.SasLifetime;
        Expiry(handedOut).ShouldBe(DateTimeOffset.UtcNow + lifetime, TimeSpan.FromMinutes(1));

        // The same URL as the route signs, signed here with a lifetime of seconds, so its expiry can be waited for.
        var file = (await stack.Worker.EntryAtAsync(await owner.UserIdAsync(), "mere", "/a.txt"))!;
        var sas = stack.Worker.Get<BlobFiles>().ReadSas(
            file.Blob!, TimeSpan.FromSeconds(10), file.MimeType ?? Functions.Drive.ContentTypes.Fallback, file.Name, DateTimeOffset.UtcNow);
        (await browser.GetStringAsync(sas)).ShouldBe("still here");
        Expiry(sas).ShouldBeLessThan(DateTimeOffset.UtcNow.AddSeconds(15));

        // Azurite checks the expiry against its own clock: ask until it refuses the URL.
        await Eventually.ShouldHoldAsync(async () =>
        {
            using var expired = await browser.GetAsync(sas);
            expired.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await expired.Content.ReadAsStringAsync()).ShouldNotContain("still here");
        }, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    public async Task AnOutOfRangeSasLifetimeStopsStartUpNamingTheKey(string minutes)
    {
        (await stack.StartupFailureAsync("Shares:SasLifetimeMinutes", minutes)).ShouldContain("Shares:SasLifetimeMinutes");
    }

    private static DateTimeOffset Expiry(Uri sas) => DateTimeOffset.Parse(QueryHelpers.ParseQuery(sas.Query)["se"]!);
}
