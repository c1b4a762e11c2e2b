using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>A message smtp4dev received: who to, the subject, and its plain-text and HTML bodies.</summary>
public sealed record ReceivedMail(string Id, string To, string Subject, string Text, string Html)
{
    /// <summary>The token of the first link in the text to <c>/client/{page}#token=…</c>.</summary>
    public string TokenFor(string page) =>
        Regex.Match(Text, $@"{Regex.Escape(Mailbox.PublicBaseUrl)}/client/{page}#token=([A-Za-z0-9_-]+)") is { Success: true } match
            ? match.Groups[1].Value
            : throw new ShouldAssertException($"No {page} link in mail '{Subject}':\n{Text}");
}

/// <summary>
/// The run's smtp4dev, read through its REST API (<c>GET /api/messages</c>, then each message's <c>plaintext</c> and
/// <c>html</c>). Tests use addresses of their own, so they only look at their own mail.
/// </summary>
public sealed class Mailbox(Backends backends)
{
    public const string PublicBaseUrl = "http://tinycloud.test";

    private static readonly HttpClient Http = new();

    /// <summary>Every message to <paramref name="to"/>, oldest first.</summary>
    public async Task<List<ReceivedMail>> ToAsync(string to)
    {
        var list = await Http.GetFromJsonAsync<JsonObject>(new Uri(backends.SmtpWeb, "/api/messages?pageSize=5000"));
        var mine = list!["results"]!.AsArray().Where(m => m!["to"]!.AsArray().Any(a => string.Equals(a!.GetValue<string>(), to, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m!["receivedDate"]!.GetValue<DateTime>()).ToList();
        var mails = new List<ReceivedMail>();
        foreach (var message in mine)
        {
            var id = message!["id"]!.GetValue<string>();
            mails.Add(new ReceivedMail(id, to, message["subject"]!.GetValue<string>(),
                await Http.GetStringAsync(new Uri(backends.SmtpWeb, $"/api/messages/{id}/plaintext")),
                await Http.GetStringAsync(new Uri(backends.SmtpWeb, $"/api/messages/{id}/html"))));
        }
        return mails;
    }

    /// <summary>Waits until <paramref name="to"/> has received <paramref name="count"/> messages (sending is in the background) and returns them.</summary>
    public async Task<List<ReceivedMail>> WaitForAsync(string to, int count = 1)
    {
        List<ReceivedMail> mails = [];
        await Eventually.ShouldHoldAsync(async () => (mails = await ToAsync(to)).Count.ShouldBeGreaterThanOrEqualTo(count));
        return mails;
    }

    /// <summary>The newest message to <paramref name="to"/> whose subject contains <paramref name="subject"/>, waiting for it.</summary>
    public async Task<ReceivedMail> WaitForAsync(string to, string subject)
    {
        ReceivedMail? found = null;
        await Eventually.ShouldHoldAsync(async () =>
            (found = (await ToAsync(to)).LastOrDefault(m => m.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase))).ShouldNotBeNull());
        return found!;
    }
}
