using System.Net;
using System.Text.Json.Nodes;
using OtpNet;
using TinyCloud.Shared.Activity;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Activity;

/// <summary>The activity log: one event per thing that happened, written in the request, listed with filters and pages.</summary>
[Collection(Areas.Activity)]
public sealed class ActivityLogTests(Stack stack)
{
    [Fact]
    public async Task EachEventKindAppearsOnceInTheLog()
    {
        // A 1 MB quota, so one upload of 0.95 MB crosses the 90 % line.
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        using var owner = await worker.NewClient().SignUpAsync(); // account.signed_in
        using var visitor = ShareCalls.Stranger();
        visitor.BaseAddress = worker.BaseAddress;

        (await owner.UploadAsync("/a.txt", [1, 2, 3])).ShouldBeSuccess(); // file.uploaded
        var link = await owner.LinkAsync("/a.txt"); // share.created
        (await owner.SetLinkPasswordAsync("/a.txt", null)).ShouldBeSuccess(); // share.changed
        (await Client.Read(await visitor.GetAsync($"/shared/{owner.UserName}/{link}"))).ShouldBeSuccess(); // link.opened
        using (var download = await visitor.GetAsync($"/shared/{owner.UserName}/{link}/file")) // link.downloaded: the redirect
            download.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await owner.UnshareAsync("/a.txt")).ShouldBeSuccess(); // share.removed
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var inbox = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true }); // a second share.created
        (await visitor.UploadThroughAsync(owner.UserName!, inbox, "dropped.txt", [4, 5])).ShouldBeSuccess(); // link.file_received
        var trashId = await owner.TrashIdAsync("/a.txt"); // entry.deleted
        (await owner.RestoreAsync(trashId)).ShouldBeSuccess(); // entry.restored
        (await owner.ReplaceAsync("/a.txt", [7, 8])).ShouldBeSuccess(); // file.replaced
        (await owner.CopyAsync("/a.txt", "/a copy.txt")).ShouldBeSuccess(); // file.copied
        (await owner.UploadAsync("/big.bin", DriveCalls.RandomBytes(1_000_000))).ShouldBeSuccess(); // a second file.uploaded; quota.above_90
        var token = await owner.PostAsync("/api/user-service/create-access-token",
            new { name = "ci", scopes = new[] { "files:read" }, expires_in_days = 1, password = Client.Password }); // account.access_token_created
        token.ShouldBeSuccess();
        (await owner.PostAsync("/api/user-service/revoke-access-token", new { id = token.Body["access_token"]!["id"]!.GetValue<string>() }))
            .ShouldBeSuccess(); // account.access_token_revoked
        var enrolled = await owner.PostAsync("/api/user-service/enroll-two-factor", new { password = Client.Password });
        enrolled.ShouldBeSuccess();
        var totp = new Totp(Base32Encoding.ToBytes(enrolled.Body["secret"]!.GetValue<string>()));
        var confirmed = await owner.PostAsync("/api/user-service/confirm-two-factor", new { code = totp.ComputeTotp() }); // account.two_factor_enabled
        confirmed.ShouldBeSuccess();
        var recovery = confirmed.Body["recovery_codes"]![0]!.GetValue<string>();
        (await owner.PostAsync("/api/user-service/disable-two-factor", new { password = Client.Password, recovery_code = recovery }))
            .ShouldBeSuccess(); // account.two_factor_disabled
        (await owner.PostAsync("/api/user-service/change-password", new { current_password = Client.Password, new_password = "another horse battery" }))
            .ShouldBeSuccess(); // account.password_changed
        // Last: the failures back off this address's next password checks.
        for (var i = 0; i < 5; i++) // one burst of failed sign-ins is one event
            (await worker.NewClient().PostAsync("/api/user-service/login", new { user_email = owner.Email, password = "wrong password" }))
                .ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");

        var kinds = (await owner.ActivityAsync(new { limit = 200 })).Kinds().ToList();
        var expected = ActivityKinds.All.Except([ActivityKinds.WebhookTest]);
        foreach (var kind in expected)
            kinds.Count(k => k == kind).ShouldBe(kind is ActivityKinds.FileUploaded or ActivityKinds.ShareCreated ? 2 : 1, kind);
        kinds.Count.ShouldBe(expected.Count() + 2, string.Join(", ", kinds));
    }

    [Fact]
    public async Task ASignInCarriesTheAddressAndTheUserAgent()
    {
        using var owner = stack.Worker.NewClient();
        owner.Http.DefaultRequestHeaders.UserAgent.ParseAdd("ActivityTest/1.0");
        await owner.SignUpAsync();
        var signIn = (await owner.ActivityAsync(new { kinds = new[] { ActivityKinds.SignedIn } })).ShouldHaveSingleItem();
        signIn["address"]!.GetValue<string>().ShouldBe("127.0.0.1");
        signIn["user_agent"]!.GetValue<string>().ShouldBe("ActivityTest/1.0");
        signIn["event_id"]!.GetValue<string>().ShouldStartWith("evt_");
    }

    [Fact]
    public async Task APageViewIsNoDownloadAndALinkFilterShowsOneLink()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await owner.UploadAsync("/b.txt", [2])).ShouldBeSuccess();
        var a = await owner.LinkAsync("/a.txt");
        var b = await owner.LinkAsync("/b.txt");
        for (var i = 0; i < 3; i++)
            (await owner.SharedInfoAsync(owner.UserName!, a)).ShouldBeSuccess();
        using (var download = await owner.SharedFileAsync(owner.UserName!, b))
            download.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var ofA = await owner.ActivityAsync(new { link = a });
        ofA.Kinds().ShouldBe([ActivityKinds.LinkOpened, ActivityKinds.LinkOpened, ActivityKinds.LinkOpened, ActivityKinds.ShareCreated]);
        var downloads = await owner.ActivityAsync(new { kinds = new[] { ActivityKinds.LinkDownloaded } });
        downloads.ShouldHaveSingleItem()["link"]!.GetValue<string>().ShouldBe(b);
        downloads[0]["path"]!.GetValue<string>().ShouldBe("mere:/b.txt");
    }

    [Fact]
    public async Task PagesFollowTheCursorAndTimeRangesCut()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < 5; i++)
            (await owner.UploadAsync($"/{i}.txt", [1])).ShouldBeSuccess();
        var first = await owner.PostAsync("/api/activity-service/list-activity", new { kinds = new[] { ActivityKinds.FileUploaded }, limit = 2 });
        first.ShouldBeSuccess();
        var seen = first.Body["events"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        var cursor = first.Body["next_cursor"]!.GetValue<string>();
        while (cursor is not null)
        {
            var page = await owner.PostAsync("/api/activity-service/list-activity", new { kinds = new[] { ActivityKinds.FileUploaded }, limit = 2, cursor });
            page.ShouldBeSuccess();
            seen.AddRange(page.Body["events"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()));
            cursor = page.Body["next_cursor"]?.GetValue<string>();
        }
        seen.ShouldBe(["mere:/4.txt", "mere:/3.txt", "mere:/2.txt", "mere:/1.txt", "mere:/0.txt"]);

        (await owner.ActivityAsync(new { to = DateTime.UtcNow.AddHours(-1) })).ShouldBeEmpty();
        (await owner.ActivityAsync(new { from = DateTime.UtcNow.AddHours(-1) })).Count.ShouldBe(6); // the sign-in too
    }

    [Fact]
    public async Task BadFiltersAreRefusedWithTheirField()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.PostAsync("/api/activity-service/list-activity", new { kinds = new[] { "file.eaten" } }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "not an event kind");
        (await owner.PostAsync("/api/activity-service/list-activity", new { cursor = "nope" }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "cursor");
        (await owner.PostAsync("/api/activity-service/list-activity", new { limit = 0 }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "limit");
        (await owner.PostAsync("/api/activity-service/list-activity", new { from = DateTime.UtcNow, to = DateTime.UtcNow.AddDays(-1) }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "to must be after from");
        (await stack.Worker.NewClient().PostAsync("/api/activity-service/list-activity", new { }))
            .ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EveryEventIsDispatchedThroughTheQueue()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        await ActivityCalls.DispatchedAsync(stack.Worker, (await owner.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>());
        (await owner.ActivityAsync()).Count.ShouldBe(2);
    }

    /// <summary>
    /// Two uploads at once that together take a fresh account past 90 % of its 1 MB quota (each alone stays under),
    /// 20 times: exactly one quota warning each time, told by the settle that crossed the line.
    /// </summary>
    [Fact]
    public async Task TwoUploadsCrossingTheQuotaLineAtOnceMakeExactlyOneWarning()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        for (var trial = 1; trial <= 20; trial++)
        {
            using var client = await worker.NewClient().SignUpAsync();
            var uploads = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => client.UploadAsync($"/half{i}.bin", new byte[480 * 1024])));
            uploads.ShouldAllBe(u => u.Status == HttpStatusCode.OK);
            var warnings = await client.ActivityAsync(new { kinds = new[] { ActivityKinds.QuotaAbove90 } });
            warnings.Count.ShouldBe(1, $"trial {trial}");
            warnings[0]["detail"]!.GetValue<string>().ShouldBe($"{2 * 480 * 1024} of {1024 * 1024} bytes used");
        }
    }
}
