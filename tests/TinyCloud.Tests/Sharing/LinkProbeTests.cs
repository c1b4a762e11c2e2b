using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Sharing;

/// <summary>What a visitor of a link can learn about the owner's folder, and the request budget of link routes.</summary>
[Collection(Areas.Sharing)]
public sealed class LinkProbeTests(Stack stack)
{
    private const int Probes = 50;

    [Fact]
    public async Task ProbingAnUploadOnlyLinkCannotTellExistingNamesFromMissingOnes()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        for (var i = 0; i < Probes; i++)
            (await owner.UploadAsync($"/inbox/tax-{i}.pdf", [1])).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true });
        using var visitor = stack.Worker.NewClient();

        async Task<List<string>> ProbeAsync(string name)
        {
            var begun = await visitor.BeginThroughAsync(owner.UserName!, link, name, 10);
            var uploadId = begun.Body["upload_id"]?.GetValue<string>() ?? "";
            var aborted = await visitor.AbortThroughAsync(owner.UserName!, link, uploadId);
            return [Shape(begun), Shape(aborted)];
        }
        var existing = new HashSet<string>();
        var missing = new HashSet<string>();
        for (var i = 0; i < Probes; i++)
        {
            existing.UnionWith(await ProbeAsync($"tax-{i}.pdf"));
            missing.UnionWith(await ProbeAsync($"none-{i}.pdf"));
        }

        existing.ShouldBe(missing, ignoreOrder: true);
        existing.ShouldBe(["200 expires_at,result,upload_id,upload_url", "200 result"], ignoreOrder: true);
        (await owner.LayerAsync("/inbox")).Count.ShouldBe(Probes);
        (await owner.QuotaAsync()).Used.ShouldBe(Probes);
    }

    [Fact]
    public async Task AClientAddressGetsItsLinkRequestsPerMinuteThenA429()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Shares:RequestsPerAddressPerMinute"] = "20" });
        using var owner = await worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkAsync("/a.txt");
        using var visitor = worker.NewClient();

        var answers = new List<HttpStatusCode>();
        await FixedWindows.StartFreshAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20));
        for (var i = 0; i < 20; i++)
            answers.Add((await visitor.SharedInfoAsync(owner.UserName!, i % 2 == 0 ? link : "guess" + i)).Status);
        answers.ShouldBe([.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? HttpStatusCode.OK : HttpStatusCode.NotFound)]);

        using var refused = await visitor.Http.GetAsync($"/shared/{owner.UserName}/{link}");
        (await Client.Read(refused)).ShouldBeError(HttpStatusCode.TooManyRequests, "Too many requests to shared links");
        int.Parse(refused.Headers.GetValues("Retry-After").Single()).ShouldBeInRange(1, 60);
        (await owner.LayerAsync()).Names().ShouldBe(["a.txt"], "the owner's own routes are not link routes");
    }

    [Fact]
    public async Task OneLinkGetsItsRequestsPerMinuteAndOtherLinksStillAnswer()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Shares:RequestsPerLinkPerMinute"] = "10" });
        using var owner = await worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        (await owner.UploadAsync("/b.txt", [2])).ShouldBeSuccess();
        var (busy, quiet) = (await owner.LinkAsync("/a.txt"), await owner.LinkAsync("/b.txt"));
        using var visitor = worker.NewClient();

        await FixedWindows.StartFreshAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20));
        for (var i = 0; i < 10; i++)
            (await visitor.SharedInfoAsync(owner.UserName!, busy)).ShouldBeSuccess();
        (await visitor.SharedInfoAsync(owner.UserName!, busy)).ShouldBeError(HttpStatusCode.TooManyRequests, "or to this link");
        (await visitor.SharedInfoAsync(owner.UserName!, quiet)).ShouldBeSuccess();
    }

    [Fact]
    public async Task GuessingALinksPasswordNeverCausesA429OnLogin()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Login:FailuresPerAddress"] = "5" });
        using var owner = await worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/a.txt", "file", new { password = "open sesame 42" });
        using var guesser = worker.NewClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            answers.Add((await guesser.UnlockAsync(owner.UserName!, link, $"guess {i}")).Status);
        answers.ShouldContain(HttpStatusCode.TooManyRequests, "the link's own password throttle");

        using var user = worker.NewClient();
        (await user.PostAsync("/api/user-service/login", new { user_email = owner.Email, password = "not it" })).ShouldBeError(HttpStatusCode.BadRequest);
        (await user.PostAsync("/api/user-service/login", new { user_email = owner.Email, password = Client.Password })).ShouldBeSuccess();
    }

    /// <summary>Everything a visitor sees of an answer but the values that differ by construction (ids, URLs, times).</summary>
    private static string Shape((HttpStatusCode Status, JsonNode Body) answer) =>
        $"{(int)answer.Status} {string.Join(',', answer.Body.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal))}"
        + (answer.Body["error"] is { } error ? " " + error.GetValue<string>() : "");
}
