using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MongoDB.Driver;
using TinyCloud.Shared.Mail;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Activity)]
public sealed class MailOutageTests(Stack stack)
{
    [Fact]
    public async Task AStalledMailServerNeitherFailsNorSlowsRequestsAndMailGoesOutLater()
    {
        // A "mail server" that takes connections and never says a word: every attempt times out.
        var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        var port = ((IPEndPoint)stalled.LocalEndpoint).Port;
        var clock = new ShiftedClock();
        await using var down = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Mail:Port"] = port.ToString(), ["Mail:TimeoutSeconds"] = "15",
        }, clock: clock);
        using var client = await down.NewClient().SignUpAsync();

        // A request that waited for the mail server would take its whole 15 s timeout by itself; each of these takes a
        // password check or a hash and a few writes (timed one by one; seconds on a loaded machine, never 15).
        var watch = Stopwatch.StartNew();
        (await client.RequestResetAsync(client.Email!)).ShouldBeSuccess();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "request-password-reset waited for the mail server");
        watch.Restart();
        (await client.ChangePasswordAsync(Client.Password, AccountCalls.NewPassword)).ShouldBeSuccess();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "change-password waited for the mail server");

        // Both wait in the outbox, each tried once in the background and due again after the back-off.
        var outbox = down.Get<IMongoDatabase>().GetCollection<OutboxMessage>(MailOutbox.CollectionName);
        await Eventually.ShouldHoldAsync(async () =>
        {
            var waiting = await outbox.Find(m => m.To == client.Email).ToListAsync();
            waiting.Count.ShouldBe(2);
            waiting.ShouldAllBe(m => m.Attempts == 1 && m.LastError != null && m.NextAttemptAt > DateTime.UtcNow);
        }, within: TimeSpan.FromSeconds(45)); // each attempt waits out the 15 s timeout first
        (await stack.Mailbox().ToAsync(client.Email!)).ShouldBeEmpty();

        // The mail server comes back on its address (there, a relay to smtp4dev); TempCleanup, a back-off later, sends both.
        stalled.Stop();
        await using var back = SmtpRelay.Start(port, stack.Backends.SmtpPort);
        clock.Advance(TimeSpan.FromMinutes(2));
        var summary = (await down.Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull();
        summary.Mail.Sent.ShouldBe(2);
        summary.MailGivenUp.ShouldBe(0);
        var mails = await stack.Mailbox().WaitForAsync(client.Email!, 2);
        mails.Select(m => m.Subject).Order().ShouldBe(["Reset your password", "Your password was changed"]);
        (await outbox.CountDocumentsAsync(m => m.To == client.Email)).ShouldBe(0);
    }

    [Fact]
    public async Task MailIsGivenUpAfterItsAttemptsAndShownToTheAdmin()
    {
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        var clock = new ShiftedClock();
        await using var down = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Mail:Port"] = ((IPEndPoint)stalled.LocalEndpoint).Port.ToString(), ["Mail:TimeoutSeconds"] = "1", ["Mail:MaxAttempts"] = "2",
        }, clock: clock);
        using var client = await down.NewClient().SignUpAsync();
        (await client.RequestResetAsync(client.Email!)).ShouldBeSuccess();
        var outbox = down.Get<IMongoDatabase>().GetCollection<OutboxMessage>(MailOutbox.CollectionName);
        // The first attempt, in the background, has failed (not just begun): only then does TempCleanup try again.
        await Eventually.ShouldHoldAsync(async () =>
        {
            var waiting = await outbox.Find(m => m.To == client.Email).SingleAsync();
            (waiting.Attempts, waiting.LastError is not null, waiting.NextAttemptAt is not null).ShouldBe((1, true, true));
        });

        clock.Advance(TimeSpan.FromMinutes(2));
        var summary = (await down.Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull();
        summary.Mail.GivenUp.ShouldBe(1);
        summary.MailGivenUp.ShouldBe(1);

        using var admin = down.NewClient();
        admin.Http.DefaultRequestHeaders.Add("X-Admin-Key", Stack.AdminKey);
        var failed = await admin.GetAsync("/api/admin-service/list-failed-mail");
        failed.ShouldBeSuccess();
        var message = failed.Body["messages"]!.AsArray().Single()!;
        message["to"]!.GetValue<string>().ShouldBe(client.Email);
        message["kind"]!.GetValue<string>().ShouldBe("password-reset-link");
        message["attempts"]!.GetValue<int>().ShouldBe(2);
        message["last_error"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        message.AsObject().ContainsKey("text").ShouldBeFalse(); // the body holds a live link: never shown

        // Listed for 30 days, then forgotten.
        clock.Advance(MailOutbox.KeepGivenUp + TimeSpan.FromHours(1));
        (await down.Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull().MailGivenUp.ShouldBe(0);
        (await outbox.CountDocumentsAsync(m => m.To == client.Email)).ShouldBe(0);
    }

    /// <summary>An SMTP server on <c>port</c>: every connection piped to smtp4dev.</summary>
    private sealed class SmtpRelay(TcpListener listener, Task accepting) : IAsyncDisposable
    {
        public static SmtpRelay Start(int port, int smtp4dev)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            return new SmtpRelay(listener, AcceptAsync(listener, smtp4dev));
        }

        private static async Task AcceptAsync(TcpListener listener, int smtp4dev)
        {
            while (true)
            {
                TcpClient incoming;
                try
                {
                    incoming = await listener.AcceptTcpClientAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (incoming)
                    using (var outgoing = new TcpClient())
                    {
                        await outgoing.ConnectAsync(IPAddress.Loopback, smtp4dev);
                        var (a, b) = (incoming.GetStream(), outgoing.GetStream());
                        await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
                    }
                });
            }
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            await accepting;
        }
    }
}
