using System.Net;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Mail;

namespace TinyCloud.Shared.Activity;

/// <summary>The notification mails: one event, a link's summary, an endpoint disabled. Plain words, one link to the log.</summary>
public sealed class ActivityMail(MailDispatch mail, IOptions<MailOptions> options)
{
    public static string Describe(ActivityEvent e) => e.Kind switch
    {
        ActivityKinds.SignedIn => $"a sign-in from {e.Address} ({e.UserAgent})",
        ActivityKinds.SignInFailures => $"repeated failed sign-ins to your account, the last from {e.Address}",
        ActivityKinds.FileUploaded => $"{e.Path} was uploaded",
        ActivityKinds.EntryDeleted => $"{e.Path} was deleted",
        ActivityKinds.EntryRestored => $"{e.Path} was restored",
        ActivityKinds.LinkOpened => $"your link to {e.Path} was opened",
        ActivityKinds.LinkDownloaded => $"your link to {e.Path} was downloaded",
        ActivityKinds.LinkFileReceived => $"a file was received through your upload link to {e.Path}",
        ActivityKinds.QuotaAbove90 => $"your storage is more than 90 % full ({e.Detail})",
        _ => $"{e.Kind} {e.Path ?? e.Detail}",
    };

    public Task EventAsync(UserDocument user, ActivityEvent e, CancellationToken ct) =>
        SendAsync(user, "activity-" + e.Kind, "Tiny Cloud: " + Describe(e),
            $"Hello {user.UserName},\n\n{Describe(e)} at {e.At:yyyy-MM-dd HH:mm} UTC.", ct);

    public Task LinkSummaryAsync(UserDocument user, ActivityEvent e, long count, DateTime since, CancellationToken ct) =>
        SendAsync(user, "activity-summary-" + e.Kind, $"Tiny Cloud: {count} more on your link to {e.Path}",
            $"Hello {user.UserName},\n\nsince {since:yyyy-MM-dd HH:mm} UTC: {count} × {Describe(e)}.", ct);

    public Task WebhookDisabledAsync(UserDocument user, string url, int failures, CancellationToken ct) =>
        SendAsync(user, "webhook-disabled", "A webhook endpoint was disabled",
            $"Hello {user.UserName},\n\nyour webhook endpoint {url} failed {failures} deliveries in a row and was disabled. " +
            "Events are no longer sent to it; once it works again, enable it in your account's webhook settings.", ct);

    private Task SendAsync(UserDocument user, string kind, string subject, string intro, CancellationToken ct)
    {
        var link = options.Value.Link("account#activity");
        var text = $"{intro}\n\nYour account's activity:\n{link}\n\nNotification mail can be turned off per kind in the account settings.\n\n-- Tiny Cloud\n";
        var html = "<!doctype html><html><body style=\"font-family:sans-serif\">" +
            string.Concat(intro.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")) +
            $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Your account's activity</a></p><p>— Tiny Cloud</p></body></html>";
        return mail.QueueAsync(user.Id, user.UserEmail, new MailContent(kind, subject, text, html), ct);
    }
}
