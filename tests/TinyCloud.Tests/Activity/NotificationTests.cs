using System.Net;
using TinyCloud.Shared.Activity;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Activity;

/// <summary>Mail about events: chosen per kind; a link's downloads at most once per period (10 s here, an hour by default).</summary>
[Collection(Areas.Activity)]
public sealed class NotificationTests(Stack stack)
{
    [Fact]
    public async Task SecurityEventsAreOnByDefaultAndChoicesAreKept()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var settings = await owner.GetAsync("/api/activity-service/get-notification-settings");
        settings.ShouldBeSuccess();
        settings.Body["mail"]![ActivityKinds.SignInFailures]!.GetValue<bool>().ShouldBeTrue();
        settings.Body["mail"]![ActivityKinds.LinkDownloaded]!.GetValue<bool>().ShouldBeFalse();
        settings.Body["mail"]!.AsObject().ContainsKey(ActivityKinds.PasswordChanged).ShouldBeFalse("mailed by change-password itself");

        var changed = await owner.PostAsync("/api/activity-service/set-notification-settings",
            new { mail = new Dictionary<string, bool> { [ActivityKinds.LinkDownloaded] = true, [ActivityKinds.SignInFailures] = false } });
        changed.ShouldBeSuccess();
        (changed.Body["mail"]![ActivityKinds.LinkDownloaded]!.GetValue<bool>(), changed.Body["mail"]![ActivityKinds.SignInFailures]!.GetValue<bool>())
            .ShouldBe((true, false));
        (await owner.PostAsync("/api/activity-service/set-notification-settings", new { mail = new Dictionary<string, bool> { ["account.password_changed"] = false } }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "not a kind you can choose");
    }

    [Fact]
    public async Task ALinksDownloadsAreMailedOnceThenSummedUp()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Activity:LinkMailSeconds"] = "10" });
        using var owner = await worker.NewClient().SignUpAsync();
        (await owner.PostAsync("/api/activity-service/set-notification-settings",
            new { mail = new Dictionary<string, bool> { [ActivityKinds.LinkDownloaded] = true } })).ShouldBeSuccess();
        (await owner.UploadAsync("/report.pdf", [1, 2, 3])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/report.pdf");
        using var visitor = ShareCalls.Stranger();
        visitor.BaseAddress = worker.BaseAddress;
        // The four are dispatched within one period however loaded the machine (with 3 s a slow run split them 1 + 2 + 1).
        for (var i = 0; i < 4; i++)
            using (var download = await visitor.GetAsync($"/shared/{owner.UserName}/{link}/file"))
                download.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var mailbox = new Mailbox(stack.Backends);
        var summary = await mailbox.WaitForAsync(owner.Email!, "3 more on your link");
        summary.Text.ShouldContain("mere:/report.pdf");
        var mails = await mailbox.ToAsync(owner.Email!);
        mails.Count(m => m.Subject.Contains("was downloaded", StringComparison.Ordinal)).ShouldBe(1);
        mails.Count(m => m.Subject.Contains("more on your link", StringComparison.Ordinal)).ShouldBe(1);
    }
}
