using System.Net;
using System.Net.Http.Headers;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Sharing;

[Collection(Areas.Sharing)]
public sealed class UploadOnlyLinkTests(Stack stack)
{
    private async Task<(Client Owner, string Link)> FileRequestAsync(object options)
    {
        var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        (await owner.UploadAsync("/inbox/secret.txt", "owner only"u8.ToArray())).ShouldBeSuccess();
        return (owner, await owner.LinkWithAsync("/inbox", "folder", options));
    }

    [Fact]
    public async Task AnUploadOnlyLinkTellsItsLimitsButRefusesListingAndDownload()
    {
        var (owner, link) = await FileRequestAsync(new { upload_only = true, max_files = 3, max_file_bytes = 1000, expires_in_hours = 24 });
        using var _ = owner;
        using var visitor = stack.Worker.NewClient();

        var info = await visitor.SharedInfoAsync(owner.UserName!, link);
        info.ShouldBeSuccess();
        info.Body.AsObject().Select(p => p.Key).ShouldBe(
            ["result", "name", "base_type", "expires_at", "upload_only", "max_file_bytes", "max_files", "files_left"], ignoreOrder: true);
        info.Body["name"]!.GetValue<string>().ShouldBe("inbox");
        info.Body["upload_only"]!.GetValue<bool>().ShouldBeTrue();
        info.Body["files_left"]!.GetValue<long>().ShouldBe(3);
        info.Body.ToJsonString().ShouldNotContain("secret.txt");

        foreach (var prefix in new[] { "shared", "share" })
            (await Client.Read(await visitor.SharedFileAsync(owner.UserName!, link, prefix)))
                .ShouldBeError(HttpStatusCode.Forbidden, "only accepts uploads");

        var uploaded = await visitor.Http.UploadThroughAsync(owner.UserName!, link, "report.pdf", DriveCalls.RandomBytes(500));
        uploaded.ShouldBeSuccess();
        uploaded.Body.AsObject().Select(p => p.Key).ShouldBe(["result", "size_bytes"], ignoreOrder: true);
        uploaded.Body["size_bytes"]!.GetValue<long>().ShouldBe(500);
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(2);
        (await owner.LayerAsync("/inbox")).Names().ShouldBe(["report.pdf", "secret.txt"], ignoreOrder: true);
        var listed = (await owner.ListSharedAsync()).Single();
        listed["upload_only"]!.GetValue<bool>().ShouldBeTrue();
        listed["uploads"]!.GetValue<long>().ShouldBe(1);
        listed["last_upload_at"]!.GetValue<DateTime>().ShouldBe(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        listed["downloads"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task UploadsChargeTheOwnerAndANameClashGetsANumberNeverAnOverwrite()
    {
        var (owner, link) = await FileRequestAsync(new { upload_only = true });
        using var _ = owner;
        (await owner.UploadAsync("/inbox/report.pdf", "the owner's report"u8.ToArray())).ShouldBeSuccess();
        var before = (await owner.QuotaAsync()).Used;
        using var visitor = stack.Worker.NewClient();

        foreach (var size in new[] { 100, 200 })
            (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "report.pdf", new byte[size])).ShouldBeSuccess();
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "notes", [1])).ShouldBeSuccess();
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "notes", [2])).ShouldBeSuccess();

        (await owner.LayerAsync("/inbox")).Names().ShouldBe(
            ["notes", "notes (2)", "report (2).pdf", "report (3).pdf", "report.pdf", "secret.txt"], ignoreOrder: true);
        using var original = await owner.DownloadAsync("/inbox/report.pdf");
        (await original.Content.ReadAsStringAsync()).ShouldBe("the owner's report");
        (await owner.EntityAsync("/inbox/report (3).pdf")).Body["fs_entity"]!["size_bytes"]!.GetValue<long>().ShouldBe(200);
        (await owner.QuotaAsync()).Used.ShouldBe(before + 302);
    }

    [Fact]
    public async Task AFileAboveMaxFileBytesIsRefusedBeforeAnythingIsKept()
    {
        var (owner, link) = await FileRequestAsync(new { upload_only = true, max_file_bytes = 1000, max_files = 2 });
        using var _ = owner;
        var before = await owner.QuotaAsync();
        using var visitor = stack.Worker.NewClient();

        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "big.bin", new byte[1001])).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "at most 1000 bytes");
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "big.bin", new byte[200_000])).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "at most 1000 bytes");
        (await visitor.BeginThroughAsync(owner.UserName!, link, "big.bin", 1001)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "at most 1000 bytes");
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "fits.bin", new byte[1000])).ShouldBeSuccess();

        (await owner.QuotaAsync()).ShouldBe((before.Used + 1000, before.Available - 1000));
        (await owner.LayerAsync("/inbox")).Names().ShouldBe(["fits.bin", "secret.txt"], ignoreOrder: true);
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task AnExpiredUploadOnlyLinkTakesNothing()
    {
        var (owner, link) = await FileRequestAsync(new { upload_only = true, expires_in_hours = 1 });
        using var _ = owner;
        using var visitor = stack.Worker.NewClient();
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "early.txt", [1])).ShouldBeSuccess();

        await stack.Worker.AgeAsync(await owner.UserIdAsync(), TimeSpan.FromMinutes(61));
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "late.txt", [1])).ShouldBeError(HttpStatusCode.NotFound, "no longer shared");
        (await visitor.BeginThroughAsync(owner.UserName!, link, "late.txt", 1)).ShouldBeError(HttpStatusCode.NotFound);
        (await visitor.SharedInfoAsync(owner.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound);
        (await owner.LayerAsync("/inbox")).Names().ShouldBe(["early.txt", "secret.txt"], ignoreOrder: true);
    }

    [Fact]
    public async Task ADirectUploadThroughTheLinkLandsInTheFolderAndAnAbortGivesItsFileBack()
    {
        var (owner, link) = await FileRequestAsync(new { upload_only = true, max_files = 2 });
        using var _ = owner;
        using var visitor = stack.Worker.NewClient();
        var bytes = DriveCalls.RandomBytes(4096);

        var begun = await visitor.BeginThroughAsync(owner.UserName!, link, "secret.txt", bytes.Length);
        begun.ShouldBeSuccess();
        begun.Body.AsObject().Select(p => p.Key).ShouldBe(["result", "upload_id", "upload_url", "expires_at"], ignoreOrder: true);
        var uploadId = begun.Body["upload_id"]!.GetValue<string>();
        (await DirectUploadCalls.PutBlobAsync(new Uri(begun.Body["upload_url"]!.GetValue<string>()), bytes)).ShouldBe(HttpStatusCode.Created);
        (await owner.CompleteUploadAsync(uploadId)).ShouldBeError(HttpStatusCode.NotFound);
        var done = await visitor.CompleteThroughAsync(owner.UserName!, link, uploadId);
        done.ShouldBeSuccess();
        done.Body["size_bytes"]!.GetValue<long>().ShouldBe(bytes.Length);
        (await owner.EntityAsync("/inbox/secret (2).txt")).Body["fs_entity"]!["size_bytes"]!.GetValue<long>().ShouldBe(bytes.Length);

        var second = await visitor.BeginThroughAsync(owner.UserName!, link, "b.bin", 10);
        second.ShouldBeSuccess();
        (await visitor.BeginThroughAsync(owner.UserName!, link, "c.bin", 10)).ShouldBeError(HttpStatusCode.Conflict, "max_files");
        (await visitor.AbortThroughAsync(owner.UserName!, link, second.Body["upload_id"]!.GetValue<string>())).ShouldBeSuccess();
        (await visitor.AbortThroughAsync(owner.UserName!, link, second.Body["upload_id"]!.GetValue<string>())).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(1);

        // A completion that is rejected (nothing was put) gives its file back too.
        var third = await visitor.BeginThroughAsync(owner.UserName!, link, "c.bin", 10);
        (await visitor.CompleteThroughAsync(owner.UserName!, link, third.Body["upload_id"]!.GetValue<string>()))
            .ShouldBeError(HttpStatusCode.BadRequest, "nothing was uploaded");
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(1);
        var (used, _) = await owner.QuotaAsync();
        used.ShouldBe(10 + bytes.Length);
    }

    [Fact]
    public async Task AnUploadIdOnlyWorksThroughTheLinkThatBeganIt()
    {
        var (owner, link) = await FileRequestAsync(new { upload_only = true });
        using var _ = owner;
        (await owner.CreateFolderAsync("/other")).ShouldBeSuccess();
        var otherLink = await owner.LinkWithAsync("/other", "folder", new { upload_only = true });
        var (ownUpload, _) = await owner.BegunAsync("/inbox/mine.bin", 10);
        using var visitor = stack.Worker.NewClient();
        var begun = await visitor.BeginThroughAsync(owner.UserName!, link, "a.bin", 10);
        var uploadId = begun.Body["upload_id"]!.GetValue<string>();

        (await visitor.AbortThroughAsync(owner.UserName!, otherLink, uploadId)).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await visitor.AbortThroughAsync(owner.UserName!, link, ownUpload)).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await visitor.AbortThroughAsync(owner.UserName!, link, uploadId[..^2] + "AA")).ShouldBeError(HttpStatusCode.NotFound);
        (await owner.AbortUploadAsync(ownUpload)).ShouldBeSuccess();
        (await visitor.AbortThroughAsync(owner.UserName!, link, uploadId)).ShouldBeSuccess();
    }

    [Fact]
    public async Task AProtectedUploadOnlyLinkTakesUploadsOnlyWithItsGrant()
    {
        var (owner, link) = await FileRequestAsync(new { upload_only = true, password = "drop box secret", max_files = 5 });
        using var _ = owner;
        using var visitor = stack.Worker.NewClient();

        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body.AsObject().Select(p => p.Key).ShouldBe(["result", "password_required"], ignoreOrder: true);
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "a.txt", [1])).ShouldBeError(HttpStatusCode.Unauthorized, "password");
        (await visitor.BeginThroughAsync(owner.UserName!, link, "a.txt", 1)).ShouldBeError(HttpStatusCode.Unauthorized);

        var grant = await visitor.GrantAsync(owner.UserName!, link, "drop box secret");
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(5);
        using var cli = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = stack.Worker.BaseAddress };
        (await cli.UploadThroughAsync(owner.UserName!, link, "a.txt", [1], grant)).ShouldBeSuccess();
        (await cli.UploadThroughAsync(owner.UserName!, link, "b.txt", [1])).ShouldBeError(HttpStatusCode.Unauthorized);
        (await Client.Read(await visitor.SharedFileAsync(owner.UserName!, link))).ShouldBeError(HttpStatusCode.Forbidden, "only accepts uploads");
    }

    [Fact]
    public async Task BadUploadOnlyRequestsGetA4xxEnvelopeAndKeepNothing()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await owner.ShareWithAsync("/a.txt", "file", new { upload_only = true })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "only a folder");
        (await owner.ShareWithAsync("/inbox", "folder", new { max_files = 3 })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "upload_only");
        (await owner.ShareWithAsync("/inbox", "folder", new { upload_only = true, max_files = 0 })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "max_files");
        (await owner.ShareWithAsync("/inbox", "folder", new { upload_only = true, max_file_bytes = -1 })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "max_file_bytes");
        (await owner.ShareWithAsync("/inbox", "folder", new { upload_only = true, max_downloads = 3 })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "max_downloads");
        (await owner.ShareWithAsync("/inbox", "folder", new { upload_only = "yes" })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "upload_only");
        (await owner.ListSharedAsync()).ShouldBeEmpty();

        var open = await owner.LinkAsync("/a.txt");
        var inbox = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true, max_files = 3 });
        using var visitor = stack.Worker.NewClient();
        (await visitor.Http.UploadThroughAsync(owner.UserName!, open, "x.txt", [1])).ShouldBeError(HttpStatusCode.Forbidden, "does not accept uploads");
        (await visitor.Http.UploadThroughAsync(owner.UserName!, inbox, "..", [1])).ShouldBeError(HttpStatusCode.BadRequest, "'.' and '..'");
        (await visitor.Http.UploadThroughAsync(owner.UserName!, inbox, "a\u202Eb.txt", [1])).ShouldBeError(HttpStatusCode.BadRequest);
        using (var noName = new MultipartFormDataContent { { new ByteArrayContent([1]), "file" } })
            (await Client.Read(await visitor.Http.PostAsync($"/shared/{owner.UserName}/{inbox}/upload", noName))).ShouldBeError(HttpStatusCode.BadRequest, "name is required");
        using (var wrongPart = new MultipartFormDataContent { { new ByteArrayContent([1]), "other", "x.txt" } })
            (await Client.Read(await visitor.Http.PostAsync($"/shared/{owner.UserName}/{inbox}/upload", wrongPart))).ShouldBeError(HttpStatusCode.UnprocessableEntity, "'file' part");
        using (var json = new StringContent("{}", new MediaTypeHeaderValue("application/json")))
            (await Client.Read(await visitor.Http.PostAsync($"/shared/{owner.UserName}/{inbox}/upload", json))).ShouldBeError(HttpStatusCode.UnsupportedMediaType);
        (await visitor.BeginThroughAsync(owner.UserName!, inbox, "x.bin", -1)).ShouldBeError(HttpStatusCode.UnprocessableEntity, "size_bytes");
        (await visitor.BeginThroughAsync(owner.UserName!, inbox, "", 1)).ShouldBeError(HttpStatusCode.UnprocessableEntity, "name");
        (await visitor.CompleteThroughAsync(owner.UserName!, inbox, "not-an-id")).ShouldBeError(HttpStatusCode.NotFound, "no such upload");

        (await owner.LayerAsync("/inbox")).ShouldBeEmpty();
        (await owner.QuotaAsync()).Used.ShouldBe(1);
        (await visitor.SharedInfoAsync(owner.UserName!, inbox)).Body["files_left"]!.GetValue<long>().ShouldBe(3);
    }
}
