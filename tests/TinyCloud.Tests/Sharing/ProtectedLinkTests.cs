using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using TinyCloud.Shared.Sharing;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Sharing;

[Collection(Areas.Sharing)]
public sealed class ProtectedLinkTests(Stack stack)
{
    private const string Secret = "open sesame 42";

    private async Task<(Client Owner, string Link)> ProtectedFileAsync(byte[] bytes, string path = "/private/report.pdf")
    {
        var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/private")).ShouldBeSuccess();
        (await owner.UploadAsync(path, bytes)).ShouldBeSuccess();
        return (owner, await owner.LinkWithAsync(path, "file", new { password = Secret }));
    }

    [Fact]
    public async Task AWrongThenARightPasswordHidesTheLinkThenOpensInfoAndDownload()
    {
        var bytes = DriveCalls.RandomBytes(10_000);
        var (owner, link) = await ProtectedFileAsync(bytes);
        using var _ = owner;
        using var visitor = stack.Worker.NewClient();

        var locked = await visitor.SharedInfoAsync(owner.UserName!, link);
        locked.ShouldBeSuccess();
        locked.Body.AsObject().Select(p => p.Key).ShouldBe(["result", "password_required"], ignoreOrder: true);
        locked.Body["password_required"]!.GetValue<bool>().ShouldBeTrue();
        (await Client.Read(await visitor.SharedFileAsync(owner.UserName!, link))).ShouldBeError(HttpStatusCode.Unauthorized, "/unlock");

        (await visitor.UnlockAsync(owner.UserName!, link, "open sesame 41")).ShouldBeError(HttpStatusCode.Forbidden, "wrong password");
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["password_required"]!.GetValue<bool>().ShouldBeTrue();

        using var unlock = await visitor.PostJsonAsync($"/shared/{owner.UserName}/{link}/unlock", new { password = Secret });
        var cookie = unlock.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tc-link-grant=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain($"path=/shared/{owner.UserName}/{link}", Case.Insensitive);
        var unlocked = await Client.Read(unlock);
        unlocked.ShouldBeSuccess();
        unlocked.Body["expires_at"]!.GetValue<DateTime>().ShouldBe(DateTime.UtcNow.AddMinutes(15), TimeSpan.FromMinutes(1));

        var info = await visitor.SharedInfoAsync(owner.UserName!, link);
        info.ShouldBeSuccess();
        info.Body["name"]!.GetValue<string>().ShouldBe("report.pdf");
        info.Body["size_bytes"]!.GetValue<long>().ShouldBe(bytes.Length);
        using var download = await visitor.SharedFileAsync(owner.UserName!, link);
        download.StatusCode.ShouldBe(HttpStatusCode.Found);
        using var browser = ShareCalls.Stranger();
        (await browser.GetByteArrayAsync(download.Headers.Location!)).ShouldBe(bytes);
        (await owner.ListSharedAsync()).Single()["downloads"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task AGrantSentAsAHeaderOpensAProtectedFolderZipForClientsWithoutCookies()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/album")).ShouldBeSuccess();
        (await owner.UploadAsync("/album/a.txt", "alpha"u8.ToArray())).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/album", "folder", new { password = Secret });
        using var cli = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = stack.Worker.BaseAddress };

        using (var refused = await cli.GetAsync($"/shared/{owner.UserName}/{link}/file"))
            (await Client.Read(refused)).ShouldBeError(HttpStatusCode.Unauthorized, "password");
        using var unlock = await cli.PostAsJsonAsync($"/shared/{owner.UserName}/{link}/unlock", new { password = Secret });
        var grant = (await Client.Read(unlock)).Body["grant"]!.GetValue<string>();

        using var zipped = await cli.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, $"/shared/{owner.UserName}/{link}/file", grant));
        zipped.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var zip = new ZipArchive(new MemoryStream(await zipped.Content.ReadAsByteArrayAsync()));
        zip.Entries.Select(e => e.FullName).ShouldBe(["album/", "album/a.txt"], ignoreOrder: true);
        using var info = await cli.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, $"/shared/{owner.UserName}/{link}", grant));
        (await Client.Read(info)).Body["name"]!.GetValue<string>().ShouldBe("album");
    }

    [Fact]
    public async Task AGrantForOneLinkDoesNotOpenAnother()
    {
        var (owner, linkA) = await ProtectedFileAsync([1, 2, 3]);
        using var _ = owner;
        (await owner.UploadAsync("/private/b.txt", [4])).ShouldBeSuccess();
        var linkB = await owner.LinkWithAsync("/private/b.txt", "file", new { password = Secret });
        using var visitor = stack.Worker.NewClient();
        var grantA = await visitor.GrantAsync(owner.UserName!, linkA, Secret);

        // The cookie is scoped to link A's path, and the grant names link A's share.
        (await visitor.SharedInfoAsync(owner.UserName!, linkB)).Body["password_required"]!.GetValue<bool>().ShouldBeTrue();
        using var withHeader = await visitor.Http.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, $"/shared/{owner.UserName}/{linkB}/file", grantA));
        (await Client.Read(withHeader)).ShouldBeError(HttpStatusCode.Unauthorized);
        var forged = grantA.Split('.');
        using var stranger = stack.Worker.NewClient();
        (await Client.Read(await stranger.Http.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, $"/shared/{owner.UserName}/{linkA}/file",
            $"{forged[0]}.{forged[1]}.{long.Parse(forged[2]) + 3600}.{forged[3]}")))).ShouldBeError(HttpStatusCode.Unauthorized);
        (await visitor.SharedFileAsync(owner.UserName!, linkA)).StatusCode.ShouldBe(HttpStatusCode.Found);
    }

    [Fact]
    public async Task ChangingOrRemovingThePasswordEndsEveryGrantOfTheOldOne()
    {
        var (owner, link) = await ProtectedFileAsync([9]);
        using var _ = owner;
        using var visitor = ShareCalls.Stranger();
        visitor.BaseAddress = stack.Worker.BaseAddress;
        using var unlocker = stack.Worker.NewClient();
        var grant = await unlocker.GrantAsync(owner.UserName!, link, Secret);
        (await visitor.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, $"/shared/{owner.UserName}/{link}/file", grant))).StatusCode.ShouldBe(HttpStatusCode.Found);

        (await owner.SetLinkPasswordAsync("/private/report.pdf", "another secret")).ShouldBeSuccess();
        (await Client.Read(await visitor.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, $"/shared/{owner.UserName}/{link}/file", grant))))
            .ShouldBeError(HttpStatusCode.Unauthorized);
        (await unlocker.UnlockAsync(owner.UserName!, link, Secret)).ShouldBeError(HttpStatusCode.Forbidden);
        var second = await unlocker.GrantAsync(owner.UserName!, link, "another secret");
        (await visitor.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, $"/shared/{owner.UserName}/{link}/file", second))).StatusCode.ShouldBe(HttpStatusCode.Found);
        (await owner.ListSharedAsync()).Single()["password_protected"]!.GetValue<bool>().ShouldBeTrue();

        (await owner.SetLinkPasswordAsync("/private/report.pdf", null)).ShouldBeSuccess();
        (await visitor.GetAsync($"/shared/{owner.UserName}/{link}/file")).StatusCode.ShouldBe(HttpStatusCode.Found);
        (await unlocker.UnlockAsync(owner.UserName!, link, "another secret")).ShouldBeError(HttpStatusCode.BadRequest, "no password");
        (await owner.ListSharedAsync()).Single()["password_protected"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task AGrantLastsFifteenMinutes()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/a.txt", "file", new { password = Secret });
        using var visitor = stack.Worker.NewClient();
        var unlocked = await visitor.UnlockAsync(owner.UserName!, link, Secret);
        unlocked.ShouldBeSuccess();
        unlocked.Body["expires_at"]!.GetValue<DateTime>().ShouldBe(DateTime.UtcNow + TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));
        var file = $"/shared/{owner.UserName}/{link}/file";
        (await visitor.Http.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, file, unlocked.Body["grant"]!.GetValue<string>()))).StatusCode.ShouldBe(HttpStatusCode.Found);

        // Grants the worker would have issued 14 and 16 minutes ago (the same code and key, on an earlier clock), sent
        // without the fresh grant's cookie.
        var share = (await stack.Worker.Get<ShareStore>().FindByLinkAsync(await owner.UserIdAsync(), link, default))!;
        var grants = stack.Worker.Get<LinkGrants>();
        using var earlier = stack.Worker.NewClient();
        var (issued14MinutesAgo, _) = grants.Issue(share, DateTime.UtcNow - TimeSpan.FromMinutes(14));
        (await earlier.Http.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, file, issued14MinutesAgo))).StatusCode.ShouldBe(HttpStatusCode.Found);
        var (issued16MinutesAgo, _) = grants.Issue(share, DateTime.UtcNow - TimeSpan.FromMinutes(16));
        (await Client.Read(await earlier.Http.SendAsync(LinkCalls.WithGrant(HttpMethod.Get, file, issued16MinutesAgo))))
            .ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongPasswordsAreThrottledPerLinkWith429AndRetryAfter()
    {
        var (owner, link) = await ProtectedFileAsync([1]);
        using var _ = owner;
        (await owner.UploadAsync("/private/other.txt", [2])).ShouldBeSuccess();
        var other = await owner.LinkWithAsync("/private/other.txt", "file", new { password = Secret });
        using var guesser = stack.Worker.NewClient();

        for (var i = 0; i < 5; i++)
            (await guesser.UnlockAsync(owner.UserName!, link, $"guess number {i}")).ShouldBeError(HttpStatusCode.Forbidden, "wrong password");
        using var throttled = await guesser.PostJsonAsync($"/shared/{owner.UserName}/{link}/unlock", new { password = Secret });
        throttled.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
        (await Client.Read(throttled)).ShouldBeError(HttpStatusCode.TooManyRequests, "try again later");
        (await guesser.SharedFileAsync(owner.UserName!, link)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The count is per link: the same address may still unlock another link.
        (await guesser.UnlockAsync(owner.UserName!, other, Secret)).ShouldBeSuccess();
    }

    [Fact]
    public async Task ParallelGuessesGetAtMostFivePasswordChecks()
    {
        var (owner, link) = await ProtectedFileAsync([1]);
        using var _ = owner;
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var guesser = stack.Worker.NewClient();
            return (await guesser.UnlockAsync(owner.UserName!, link, $"parallel guess {i}")).Status;
        }));
        answers.Count(s => s == HttpStatusCode.Forbidden).ShouldBeLessThanOrEqualTo(5);
        answers.Count(s => s == HttpStatusCode.TooManyRequests).ShouldBeGreaterThanOrEqualTo(7);
    }

    [Fact]
    public async Task APasswordInTheQueryStringIsRefusedAndOpensNothing()
    {
        var (owner, link) = await ProtectedFileAsync([1]);
        using var _ = owner;
        using var visitor = stack.Worker.NewClient();
        var password = Uri.EscapeDataString(Secret);

        (await visitor.GetAsync($"/shared/{owner.UserName}/{link}?password={password}")).ShouldBeError(HttpStatusCode.BadRequest, "never goes in a URL");
        (await Client.Read(await visitor.Http.GetAsync($"/shared/{owner.UserName}/{link}/file?password={password}")))
            .ShouldBeError(HttpStatusCode.BadRequest, "never goes in a URL");
        (await visitor.PostAsync($"/shared/{owner.UserName}/{link}/unlock?password={password}", new { password = Secret }))
            .ShouldBeError(HttpStatusCode.BadRequest, "never goes in a URL");
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["password_required"]!.GetValue<bool>().ShouldBeTrue();
        (await visitor.SharedFileAsync(owner.UserName!, link)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BadPasswordRequestsGetA4xxEnvelopeAndChangeNothing()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await owner.UploadAsync("/b.txt", [1])).ShouldBeSuccess();
        using var visitor = stack.Worker.NewClient();

        (await owner.ShareWithAsync("/a.txt", "file", new { password = "short" })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "8–128");
        (await owner.ShareWithAsync("/a.txt", "file", new { password = new string('p', 129) })).ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await owner.ShareWithAsync("/a.txt", "file", new { password = 12345678 })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "password");
        (await owner.ListSharedAsync()).ShouldBeEmpty();
        (await owner.SetLinkPasswordAsync("/a.txt", Secret)).ShouldBeError(HttpStatusCode.Conflict, "not shared");
        (await owner.SetLinkPasswordAsync("/missing.txt", Secret)).ShouldBeError(HttpStatusCode.NotFound);

        var open = await owner.LinkAsync("/a.txt");
        (await owner.SetLinkPasswordAsync("/a.txt", "short")).ShouldBeError(HttpStatusCode.UnprocessableEntity, "8–128");
        (await visitor.UnlockAsync(owner.UserName!, open, Secret)).ShouldBeError(HttpStatusCode.BadRequest, "no password");
        (await visitor.PostAsync($"/shared/{owner.UserName}/{open}/unlock", new { secret = Secret })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "password");
        (await visitor.UnlockAsync(owner.UserName!, "A" + open[1..], Secret)).ShouldBeError(HttpStatusCode.NotFound);
        (await visitor.UnlockAsync("nobody-here", open, Secret)).ShouldBeError(HttpStatusCode.NotFound);
        (await visitor.SharedFileAsync(owner.UserName!, open)).StatusCode.ShouldBe(HttpStatusCode.Found);
    }
}
