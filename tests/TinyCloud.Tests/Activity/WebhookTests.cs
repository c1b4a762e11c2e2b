using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TinyCloud.Shared.Activity;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Activity;

/// <summary>
/// Webhooks to a loopback receiver (Webhooks:AllowLocalTargets, tests only), with retries after 1 s and a disable
/// after 3 failures in a row, so the day-long schedule runs in seconds.
/// </summary>
[Collection(Areas.Activity)]
public sealed class WebhookTests(Stack stack, WebhookTests.LocalWorker local, ITestOutputHelper output) : IClassFixture<WebhookTests.LocalWorker>
{
    private static readonly Dictionary<string, string?> Local = new()
    {
        ["Webhooks:AllowLocalTargets"] = "true",
        ["Webhooks:RetryDelaysSeconds"] = "1,1,1,1,1,1,1",
        ["Webhooks:DisableAfterFailures"] = "3",
        ["Shares:RequestsPerAddressPerMinute"] = "100000",
        ["Shares:RequestsPerLinkPerMinute"] = "100000",
        ["Webhooks:EncryptionKey"] = "tests-only webhook secret key of 32+ bytes",
    };

    /// <summary>One worker with <see cref="Local"/> for the whole class: each test signs up users and starts a receiver of its own.</summary>
    public sealed class LocalWorker(Stack stack) : IAsyncLifetime
    {
        public Worker Worker { get; private set; } = null!;
        public async ValueTask InitializeAsync() => Worker = await stack.StartWorkerAsync(Local);
        public ValueTask DisposeAsync() => Worker.DisposeAsync();
    }

    private static async Task<(string Id, string Secret)> RegisterAsync(Client owner, string url, params string[] events)
    {
        var created = await owner.PostAsync("/api/activity-service/create-webhook", new { url, events });
        created.ShouldBeSuccess();
        return (created.Body["webhook"]!["webhook_id"]!.GetValue<string>(), created.Body["secret"]!.GetValue<string>());
    }

    /// <summary>What a receiver does: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the base64 key after whsec_.</summary>
    private static bool Verifies(ReceivedHook hook, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{hook.Body}")));
        return hook.Signature.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(expected)));
    }

    [Fact]
    public async Task ALoopbackReceiverGetsSignedDeliveriesThatVerify()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var worker = local.Worker;
        using var owner = await worker.NewClient().SignUpAsync();
        var (id, secret) = await RegisterAsync(owner, receiver.Url(), ActivityKinds.FileUploaded, ActivityKinds.EntryDeleted);
        secret.ShouldStartWith("whsec_");
        // Stored sealed (Webhooks:EncryptionKey): the database does not hold the secret the deliveries are signed with.
        var stored = (await worker.Get<IMongoDatabase>().GetCollection<BsonDocument>("webhooks").Find(new BsonDocument("_id", id)).SingleAsync())["secret"].AsString;
        stored.ShouldStartWith("sealed:v1:");
        stored.ShouldNotContain(secret["whsec_".Length..]);
        (await owner.UploadAsync("/a.txt", [1, 2, 3])).ShouldBeSuccess();
        (await owner.DeleteAsync("/a.txt")).ShouldBeSuccess();

        await Eventually.ShouldHoldAsync(() => receiver.Received.Count.ShouldBe(2));
        var events = await owner.ActivityAsync(new { kinds = new[] { ActivityKinds.FileUploaded, ActivityKinds.EntryDeleted } });
        foreach (var hook in receiver.Received)
        {
            Verifies(hook, secret).ShouldBeTrue(hook.Signature);
            long.Parse(hook.Timestamp).ShouldBeInRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
            var body = JsonNode.Parse(hook.Body)!;
            body["data"]!["event_id"]!.GetValue<string>().ShouldBe(hook.Id);
            events.Select(e => e["event_id"]!.GetValue<string>()).ShouldContain(hook.Id);
        }
        receiver.Received.Select(h => JsonNode.Parse(h.Body)!["type"]!.GetValue<string>())
            .ShouldBe([ActivityKinds.FileUploaded, ActivityKinds.EntryDeleted], ignoreOrder: true);
        // The sign-in was not asked for; a tampered body does not verify.
        (receiver.Received.First() with { Body = receiver.Received.First().Body.Replace("a.txt", "b.txt") }).ShouldSatisfyAllConditions(
            tampered => Verifies(tampered, secret).ShouldBeFalse());
    }

    [Fact]
    public async Task AReceiverAnswering500Then200GetsTheEventAgainWithTheSameId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, call) => call == 1 ? 500 : 200;
        var worker = local.Worker;
        using var owner = await worker.NewClient().SignUpAsync();
        var (id, secret) = await RegisterAsync(owner, receiver.Url(), ActivityKinds.FileUploaded);
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();

        await Eventually.ShouldHoldAsync(() => receiver.Received.Count.ShouldBe(2));
        var (first, second) = (receiver.Received.First(), receiver.Received.Last());
        second.Id.ShouldBe(first.Id);
        second.Body.ShouldBe(first.Body);
        Verifies(second, secret).ShouldBeTrue();
        // The worker logs an attempt once the receiver's answer is back, after the receiver counted the call.
        System.Text.Json.Nodes.JsonArray attempts = [];
        await Eventually.ShouldHoldAsync(async () =>
        {
            var log = await owner.PostAsync("/api/activity-service/list-webhook-deliveries", new { webhook_id = id });
            log.ShouldBeSuccess();
            attempts = log.Body["deliveries"]!.AsArray();
            attempts.Select(a => (a!["attempt"]!.GetValue<int>(), a["status"]!.GetValue<int>(), a["succeeded"]!.GetValue<bool>()))
                .ShouldBe([(2, 200, true), (1, 500, false)]);
        });
        attempts[1]!["next_attempt_at"].ShouldNotBeNull();
        await Task.Delay(TimeSpan.FromSeconds(3)); // nothing more comes once it was delivered
        receiver.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task AReceiverAnswering500ForeverIsDisabledAndTheOwnerMailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _) => 500;
        var worker = local.Worker;
        using var owner = await worker.NewClient().SignUpAsync();
        var (id, _) = await RegisterAsync(owner, receiver.Url(), ActivityKinds.FileUploaded);
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();

        ReceivedMail mail;
        try
        {
            mail = await new Mailbox(stack.Backends).WaitForAsync(owner.Email!, "webhook endpoint was disabled");
        }
        catch (ShouldAssertException)
        {
            output.WriteLine(worker.Output);
            throw;
        }
        mail.Text.ShouldContain(receiver.Url());
        receiver.Received.Count.ShouldBe(3);
        receiver.Received.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
        var listed = await owner.GetAsync("/api/activity-service/list-webhooks");
        listed.ShouldBeSuccess();
        var hook = listed.Body["webhooks"]!.AsArray().ShouldHaveSingleItem()!;
        (hook["enabled"]!.GetValue<bool>(), hook["consecutive_failures"]!.GetValue<int>()).ShouldBe((false, 3));
        (await owner.PostAsync("/api/activity-service/test-webhook", new { webhook_id = id })).ShouldBeError(HttpStatusCode.Conflict, "disabled");
        (await owner.UploadAsync("/b.txt", [1])).ShouldBeSuccess();
        await Task.Delay(TimeSpan.FromSeconds(3));
        receiver.Received.Count.ShouldBe(3, "a disabled endpoint gets nothing");

        (await owner.PostAsync("/api/activity-service/set-webhook-enabled", new { webhook_id = id, enabled = true })).ShouldBeSuccess();
        receiver.Answer = (_, _) => 200;
        var test = await owner.PostAsync("/api/activity-service/test-webhook", new { webhook_id = id });
        test.ShouldBeSuccess();
        await Eventually.ShouldHoldAsync(() => receiver.Received.Last().Id.ShouldBe(test.Body["event_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ARedirectIsNotFollowedAndCountsAsAFailure()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var worker = local.Worker;
        using var owner = await worker.NewClient().SignUpAsync();
        var (id, _) = await RegisterAsync(owner, receiver.Url("/redirect"));
        (await owner.PostAsync("/api/activity-service/test-webhook", new { webhook_id = id })).ShouldBeSuccess();

        await Eventually.ShouldHoldAsync(async () =>
        {
            var log = await owner.PostAsync("/api/activity-service/list-webhook-deliveries", new { webhook_id = id });
            log.ShouldBeSuccess();
            var deliveries = log.Body["deliveries"]!.AsArray();
            deliveries.ShouldNotBeEmpty();
            deliveries.Last()!["error"]!.GetValue<string>().ShouldContain("not followed");
        });
        receiver.At("/landing").ShouldBeEmpty();
    }

    [Fact]
    public async Task TheSecretIsShownOnceAndFiveEndpointsAreTheMost()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        // The shared worker has the local switch off: https to a public name that does not resolve here is refused too,
        // so the limit is checked on a worker with the switch on.
        using var user = await local.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < 5; i++)
            await RegisterAsync(user, $"http://127.0.0.1:9/hook{i}");
        (await user.PostAsync("/api/activity-service/create-webhook", new { url = "http://127.0.0.1:9/six" }))
            .ShouldBeError(HttpStatusCode.Conflict, "5 webhooks already");
        var listed = await user.GetAsync("/api/activity-service/list-webhooks");
        listed.ShouldBeSuccess();
        listed.Body["webhooks"]!.AsArray().Count.ShouldBe(5);
        listed.Body.ToJsonString().ShouldNotContain("whsec_");
        (await user.PostAsync("/api/activity-service/create-webhook", new { url = "http://127.0.0.1:9/x", events = new[] { "nope" } }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "not an event kind");
        (await owner.PostAsync("/api/activity-service/delete-webhook", new { webhook_id = "wh_nope" })).ShouldBeError(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Eight visitors open a link at once, 20 times over: each burst's events race the dispatch of the one before
    /// (a writer raising the user's dispatch flag while a sweep lowers it). After every trial nothing is pending and
    /// the receiver holds every link.opened event of the log exactly once.
    /// </summary>
    [Fact]
    public async Task EventsWrittenInParallelAreEachDeliveredExactlyOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var worker = local.Worker;
        using var owner = await worker.NewClient().SignUpAsync();
        var userId = (await owner.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();
        await RegisterAsync(owner, receiver.Url(), ActivityKinds.LinkOpened);
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt");
        using var visitor = ShareCalls.Stranger();
        visitor.BaseAddress = worker.BaseAddress;

        for (var trial = 1; trial <= 20; trial++)
        {
            var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => visitor.GetAsync($"/shared/{owner.UserName}/{link}")));
            opened.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
            await ActivityCalls.DispatchedAsync(worker, userId);
            var logged = (await owner.ActivityAsync(new { kinds = new[] { ActivityKinds.LinkOpened }, limit = 200 }))
                .Select(e => e["event_id"]!.GetValue<string>()).ToList();
            logged.Count.ShouldBe(8 * trial);
            await Eventually.ShouldHoldAsync(() => receiver.Received.Select(h => h.Id).Order().ShouldBe(logged.Order(), $"trial {trial}"));
        }
        output.WriteLine($"{receiver.Received.Count} deliveries of {8 * 20} events");
    }

    /// <summary>
    /// Eight creates at once, from none, 20 times over: never more than five land (each create inserts, then counts,
    /// and goes again when over), the rest answer 409, and the list holds exactly those that landed.
    /// </summary>
    [Fact]
    public async Task ParallelCreatesNeverLeaveMoreThanFiveEndpoints()
    {
        var worker = local.Worker;
        using var owner = await worker.NewClient().SignUpAsync();
        for (var trial = 1; trial <= 20; trial++)
        {
            var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                owner.PostAsync("/api/activity-service/create-webhook", new { url = $"http://127.0.0.1:9/t{trial}/{i}" })));
            var landed = created.Where(c => c.Status == HttpStatusCode.OK).Select(c => c.Body["webhook"]!["webhook_id"]!.GetValue<string>()).ToList();
            landed.Count.ShouldBeLessThanOrEqualTo(5, $"trial {trial}");
            created.Where(c => c.Status != HttpStatusCode.OK).ShouldAllBe(c => c.Status == HttpStatusCode.Conflict);
            var listed = (await owner.GetAsync("/api/activity-service/list-webhooks")).Body["webhooks"]!.AsArray();
            listed.Select(h => h!["webhook_id"]!.GetValue<string>()).ShouldBe(landed, ignoreOrder: true);
            foreach (var hook in listed)
                (await owner.PostAsync("/api/activity-service/delete-webhook", new { webhook_id = hook!["webhook_id"]!.GetValue<string>() }))
                    .ShouldBeSuccess();
        }
    }
}
