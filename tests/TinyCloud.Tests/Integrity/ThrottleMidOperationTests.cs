using System.Net;
using System.Net.Http.Json;
using MongoDB.Driver;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Maintenance;
using TinyCloud.Tests.MongoStandIn;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Integrity;

/// <summary>The stand-in in its Cosmos DB RU profile, entries and shares sharded on user_id, for the throttling trials.</summary>
public sealed class ThrottlingStandIn : StandInFixture
{
    protected override IReadOnlyList<string> Options =>
        ["--profile", "cosmos-ru", "--shard", "entries=user_id", "--shard", "shares=user_id"];

    protected override bool RetryWrites => false;
}

/// <summary>
/// Cosmos DB answers 16500 at whichever command finds the account's request units spent. These trials throttle each
/// command of a folder move and of an upload in turn: once (the worker's retry absorbs it: the request succeeds), and
/// for longer than the worker's retry budget (the request answers 429 with Retry-After, or succeeds if the throttle
/// only hit its clean-up). After every trial the drive is sound — at once, or after TempCleanup for what a failed
/// request could not undo while the database was still refusing it.
/// </summary>
[Collection(Areas.Integrity)]
public sealed class ThrottleMidOperationTests(Stack stack, ThrottlingStandIn standIn) : IClassFixture<ThrottlingStandIn>
{
    private const int MostCommandsPerRequest = 40;

    [Theory]
    [InlineData(1)]
    [InlineData(400)]
    public async Task AFolderMoveThrottledAtAnyOfItsCommandsSucceedsOrAnswers429AndTheTreeStaysWhole(int throttles)
    {
        await using var run = await ThrottledWorker.StartAsync(stack, standIn, throttles);
        using var client = await run.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/to")).ShouldBeSuccess();
        for (var trial = 0; ; trial++)
        {
            var (from, to) = trial % 2 == 0 ? ("/a", "/to/a") : ("/to/a", "/a");
            if (trial == 0)
            {
                (await client.CreateFolderAsync("/a")).ShouldBeSuccess();
                for (var i = 0; i < 3; i++)
                    (await client.UploadAsync($"/a/f{i}.txt", RandomBytes(100))).ShouldBeSuccess();
            }
            var name = $"move, {throttles} throttles after {trial} commands";
            var (fired, status, retryAfter) = await run.ThrottledAsync(trial, throttles,
                () => client.Http.PostAsJsonAsync("/api/fs-service/move-entity",
                    new { fs_entity = Entity(from, "folder"), file_field = "mere", new_abs_path = to, new_file_field = "mere" }));
            if (!fired)
                break;
            trial.ShouldBeLessThan(MostCommandsPerRequest, name);
            await ShouldBeAnsweredAsync(status, retryAfter, throttles, name);
            await run.SettleAsync(userId, throttles);
            await run.Worker.ShouldBeSoundAsync(userId, name);
            // The folder is in exactly one of its two places, whole.
            var moved = status.Status == HttpStatusCode.OK;
            var at = moved ? to : from;
            (await client.EntityAsync(moved ? from : to, "folder")).ShouldBeError(HttpStatusCode.NotFound);
            (await client.LayerAsync(at)).Names().Order().ToList().ShouldBe(new List<string> { "f0.txt", "f1.txt", "f2.txt" }, name);
            if (!moved)
                (await client.MoveAsync(from, to, "folder")).ShouldBeSuccess(); // the next trial starts from the other place
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(400)]
    public async Task AnUploadThrottledAtAnyOfItsCommandsEitherStoresTheFileAndChargesItOrLeavesNothingBehind(int throttles)
    {
        await using var run = await ThrottledWorker.StartAsync(stack, standIn, throttles);
        using var client = await run.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var trial = 0; ; trial++)
        {
            var name = $"upload, {throttles} throttles after {trial} commands";
            var bytes = RandomBytes(1000 + trial);
            var (usedBefore, _) = await client.QuotaAsync();
            var (fired, status, retryAfter) = await run.ThrottledAsync(trial, throttles, () =>
            {
                var form = UploadForm($"/u{trial}.bin", bytes, contentType: "application/octet-stream");
                return client.Http.PostAsync("/api/fs-service/upload-file", form);
            });
            if (!fired)
                break;
            trial.ShouldBeLessThan(MostCommandsPerRequest, name);
            await ShouldBeAnsweredAsync(status, retryAfter, throttles, name);
            await run.SettleAsync(userId, throttles);
            await run.Worker.ShouldBeSoundAsync(userId, name);
            var stored = status.Status == HttpStatusCode.OK;
            var entity = await client.EntityAsync($"/u{trial}.bin");
            if (stored)
            {
                entity.ShouldBeSuccess();
                (await (await client.DownloadAsync($"/u{trial}.bin")).Content.ReadAsByteArrayAsync()).ShouldBe(bytes, name);
            }
            else
                entity.ShouldBeError(HttpStatusCode.NotFound);
            (await client.QuotaAsync()).Used.ShouldBe(usedBefore + (stored ? bytes.Length : 0), name);
        }
    }

    private static Task ShouldBeAnsweredAsync(
        (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body) response, string? retryAfter, int throttles, string trial)
    {
        if (throttles == 1 || response.Status == HttpStatusCode.OK)
        {
            response.ShouldBeSuccess();
            return Task.CompletedTask;
        }
        response.ShouldBeError(HttpStatusCode.TooManyRequests, "The database is busy");
        int.Parse(retryAfter.ShouldNotBeNull(trial)).ShouldBeGreaterThanOrEqualTo(1, trial);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A worker of its own on the throttling stand-in, with a short retry budget; TempCleanup runs here, on a clock it can
    /// be run ahead on.
    /// </summary>
    private sealed class ThrottledWorker(Worker worker, ShiftedClock clock, ThrottlingStandIn standIn, string database) : IAsyncDisposable
    {
        public Worker Worker { get; } = worker;

        /// <summary>
        /// A single throttle must be absorbed by one retry: its budget is roomy, so a loaded machine cannot turn that
        /// retry into a 429. Many throttles must exhaust it: there it is short, to keep each trial short.
        /// </summary>
        public static async Task<ThrottledWorker> StartAsync(Stack stack, ThrottlingStandIn standIn, int throttles)
        {
            var database = "tinycloud_throttle_" + Guid.NewGuid().ToString("N")[..8];
            var clock = new ShiftedClock();
            var worker = await stack.StartWorkerAsync(new Dictionary<string, string?>
            {
                ["Mongo:ConnectionString"] = standIn.ConnectionString, ["Mongo:Flavor"] = "cosmos-ru",
                ["Mongo:ThrottleRetrySeconds"] = throttles == 1 ? "5" : "0.3", ["Mongo:IndexCheckSeconds"] = "3600", ["Mongo:UniqueIndexCheckSeconds"] = "3600",
                ["Cleanup:RequestUnitsPerSecond"] = "0",
            }, database, clock);
            return new ThrottledWorker(worker, clock, standIn, database);
        }

        /// <summary>
        /// Arms <paramref name="count"/> throttles after <paramref name="skip"/> commands of this database, sends the request, and
        /// disarms; <c>Fired</c> is false when the request made fewer than <paramref name="skip"/> + 1 commands.
        /// </summary>
        public async Task<(bool Fired, (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body) Response, string? RetryAfter)> ThrottledAsync(
            int skip, int count, Func<Task<HttpResponseMessage>> send)
        {
            var before = (await standIn.Control.RuMeterAsync(database)).Throttled;
            await standIn.Control.ThrottleNextAsync(database, count, skip: skip, retryAfterMs: 5);
            using var response = await send();
            await standIn.Control.ClearThrottleAsync(database);
            var fired = (await standIn.Control.RuMeterAsync(database)).Throttled > before;
            var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.First() : null;
            return (fired, await Client.Read(response), retryAfter);
        }

        /// <summary>
        /// After a throttle that outlasted the retry budget: what the request could not finish or undo while the
        /// database refused it is TempCleanup's (abandoned claims, counters that did not follow, past the grace period),
        /// and the user's tree lease, if it could not be given back, lapses (the worker sees that time pass too).
        /// One absorbed throttle must leave nothing to settle.
        /// </summary>
        public async Task SettleAsync(long userId, int throttles)
        {
            if (throttles == 1)
                return;
            var job = Worker.Get<CleanupJob>();
            clock.Advance(TimeSpan.FromMinutes(5));
            (await job.TryRunAsync(default)).ShouldNotBeNull();
            clock.Advance(CleanupWorker.Grace + TimeSpan.FromMinutes(1));
            (await job.TryRunAsync(default)).ShouldNotBeNull();
            await Worker.AgeAsync(userId, TimeSpan.FromMinutes(5) + CleanupWorker.Grace + TimeSpan.FromMinutes(1));
        }

        public async ValueTask DisposeAsync()
        {
            await Worker.DisposeAsync();
            await standIn.Control.ClearThrottleAsync(database);
            await standIn.Client.DropDatabaseAsync(database);
        }
    }
}
