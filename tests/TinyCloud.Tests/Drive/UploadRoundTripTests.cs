using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.DirectUploadCalls;

namespace TinyCloud.Tests.Drive;

/// <summary>
/// The MongoDB round trips one upload request costs, counted by the stand-in (<c>standinCommandCount</c>) on a
/// worker with a database of its own, so nothing else runs against it. Each path is measured twice and neither may
/// cost more than it does now (the counts are printed: <c>--output detailed</c>).
/// </summary>
[Collection(Areas.Drive)]
public sealed class UploadRoundTripTests(Stack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task NoUploadPathCostsMoreRoundTripsThanItDoesNow()
    {
        Assert.SkipWhen(stack.Backends.StandIn is null, "Round trips are counted by the MongoDB stand-in only.");
        var database = "tinycloud_trips_" + Guid.NewGuid().ToString("N")[..8];
        // No periodic index listing between the counts (the worker lists its unique indexes every 5 s by default).
        // Nor the events' dispatch, which runs beside the request (DispatchEvents, off the queue): only the request is counted.
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Mongo:UniqueIndexCheckSeconds"] = "3600", ["AzureWebJobs__DispatchEvents__Disabled"] = "true",
        }, database: database);
        using var mongo = new MongoClient(stack.Backends.MongoConnectionString);
        var db = mongo.GetDatabase(database);
        async Task<long> CountAsync() => (await db.RunCommandAsync<BsonDocument>(new BsonDocument("standinCommandCount", 1)))["count"].ToInt64();
        async Task<long> TripsAsync(string what, Func<Task> request, long most)
        {
            var meter = stack.Backends.StandIn!;
            if (Backends.StandInProfile == "cosmos-ru")
                await meter.RuMeterAsync(database, reset: true);
            var before = await CountAsync();
            await request();
            var trips = await CountAsync() - before;
            var detail = Backends.StandInProfile == "cosmos-ru"
                ? " (" + string.Join(", ", (await meter.RuMeterAsync(database)).Commands.Select(c => $"{c.Key} {c.Value.Count}")) + ")"
                : "";
            output.WriteLine($"{what}: {trips} round trips{detail}");
            trips.ShouldBeLessThanOrEqualTo(most, what);
            return trips;
        }

        using var owner = await worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/a")).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/a/b")).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/a/b/c")).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true });
        var deepLink = await owner.LinkWithAsync("/a/b/c", "folder", new { upload_only = true });
        using var visitor = worker.NewClient();
        var bytes = "twelve bytes"u8.ToArray();

        // Each finished upload also writes its event: one insert and the user's dispatch flag (Activity/ActivityLog,
        // Activity/DispatchFlags; the dispatch itself runs off the queue): + 2.
        // A link route also pays its request budget (two conditional upserts, Sharing/LinkThrottle) and, once a minute per
        // worker, the budget's purge of old counters: + 3 over the upload itself. A direct begin through a link counts
        // the link's open uploads too (+ 1).
        for (var round = 0; round < 2; round++)
        {
            await TripsAsync($"upload-file at depth 0 (round {round})",
                async () => (await owner.UploadAsync($"/root-{round}.bin", bytes)).ShouldBeSuccess(), most: 7);
            await TripsAsync($"upload-file at depth 3 (round {round})",
                async () => (await owner.UploadAsync($"/a/b/c/deep-{round}.bin", bytes)).ShouldBeSuccess(), most: 10);
            await TripsAsync($"upload through a link, folder at depth 1 (round {round})",
                async () => (await visitor.Http.UploadThroughAsync(owner.UserName!, link, $"visit-{round}.bin", bytes)).ShouldBeSuccess(), most: 15);
            await TripsAsync($"upload through a link, folder at depth 3 (round {round})",
                async () => (await visitor.Http.UploadThroughAsync(owner.UserName!, deepLink, $"visit-{round}.bin", bytes)).ShouldBeSuccess(), most: 16);
            string id = "";
            Uri url = null!;
            await TripsAsync($"begin-upload at depth 3 (round {round})",
                async () => (id, url) = await owner.BegunAsync($"/a/b/c/direct-{round}.bin", bytes.Length), most: 5);
            (await PutBlobAsync(url, bytes)).ShouldBe(HttpStatusCode.Created);
            await TripsAsync($"complete-upload at depth 3 (round {round})",
                async () => (await owner.CompleteUploadAsync(id)).ShouldBeSuccess(), most: 9);
            await TripsAsync($"begin-upload through a link, folder at depth 3 (round {round})", async () =>
            {
                var begun = await visitor.BeginThroughAsync(owner.UserName!, deepLink, $"visit-direct-{round}.bin", bytes.Length);
                begun.ShouldBeSuccess();
                (id, url) = (begun.Body["upload_id"]!.GetValue<string>(), new Uri(begun.Body["upload_url"]!.GetValue<string>()));
            }, most: 13);
            (await PutBlobAsync(url, bytes)).ShouldBe(HttpStatusCode.Created);
            await TripsAsync($"complete-upload through a link, folder at depth 3 (round {round})",
                async () => (await visitor.CompleteThroughAsync(owner.UserName!, deepLink, id)).ShouldBeSuccess(), most: 13);
        }
    }
}
