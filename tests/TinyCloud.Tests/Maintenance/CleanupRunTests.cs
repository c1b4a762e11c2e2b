using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Shared.Storage;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
[Trait(Flavor.Trait, Flavor.Dependent)]
public sealed class CleanupRunTests(Stack stack)
{
    [Fact]
    public async Task ARunRightAfterAnotherChangesNothing()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = (await cleanup.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
        (await client.UploadAsync("/keep.bin", RandomBytes(100))).ShouldBeSuccess();
        (await client.CreateFolderAsync("/t", "temporary")).ShouldBeSuccess();
        (await client.UploadAsync("/t/old.bin", RandomBytes(200), "temporary")).ShouldBeSuccess();
        await cleanup.Get<BlobContainerClient>().GetBlobClient($"{user.Id}/{Guid.NewGuid():N}").UploadAsync(BinaryData.FromString("orphan"));
        await cleanup.Worker.Users().UpdateOneAsync(u => u.Id == user.Id, Builders<UserDocument>.Update.Inc(u => u.UsedBytes, 7L));
        cleanup.Clock.Advance(TimeSpan.FromHours(25));

        var first = await cleanup.RunAsync();
        first.TemporaryPurged.Count.ShouldBe(2);
        first.OrphanBlobs.Count.ShouldBe(1);
        var afterFirst = await SnapshotAsync(cleanup);
        var again = await cleanup.RunAsync();
        ShouldHaveChangedNothing(again, driftsAwaiting: 1);
        (await SnapshotAsync(cleanup)).ShouldBe(afterFirst);

        cleanup.Clock.Advance(CleanupWorker.Grace + TimeSpan.FromMinutes(1));
        (await cleanup.RunAsync()).Quotas.UsersCorrected.ShouldBe(1);
        var afterCorrection = await SnapshotAsync(cleanup);
        ShouldHaveChangedNothing(await cleanup.RunAsync(), driftsAwaiting: 0);
        (await SnapshotAsync(cleanup)).ShouldBe(afterCorrection);
        (await client.QuotaAsync()).Used.ShouldBe(100);
    }

    [Fact]
    public async Task TheLeaseKeepsASecondRunOutUntilItIsReleasedOrExpires()
    {
        // Two runs over one database: the job here, and the worker's through its admin route.
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        var leases = cleanup.Get<LeaseStore>();
        (await leases.TryAcquireAsync(CleanupJob.LeaseName, "another-worker", CleanupJob.LeaseDuration, default)).ShouldBeTrue();

        (await cleanup.Get<CleanupJob>().TryRunAsync(default)).ShouldBeNull();
        (await cleanup.RunThroughTheRouteAsync()).ShouldBeError(HttpStatusCode.Conflict, "in progress");

        cleanup.Clock.Advance(CleanupJob.LeaseDuration + TimeSpan.FromSeconds(1));
        await cleanup.RunAsync();
        // A finished run gives the lease back at once.
        var routed = await cleanup.RunThroughTheRouteAsync();
        routed.ShouldBeSuccess();
        ShouldBeTheSummaryOfARunThatFoundNothing(routed.Body["summary"]!);
    }

    [Fact]
    public async Task OfManyConcurrentAcquisitionsOfALeaseExactlyOneSucceeds()
    {
        var leases = stack.Worker.Get<LeaseStore>();
        var name = "race-" + Guid.NewGuid().ToString("N");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => leases.TryAcquireAsync(name, $"owner-{i}", TimeSpan.FromMinutes(1), default)));
        attempts.Count(won => won).ShouldBe(1);
    }

    [Fact]
    public async Task AnExpiredShareIsDroppedSoItsEntryCanBeSharedAgainWhileLiveSharesAreKept()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        foreach (var name in new[] { "/brief.txt", "/later.txt", "/forever.txt" })
            (await client.UploadAsync(name, [1, 2, 3])).ShouldBeSuccess();
        var expired = await client.LinkAsync("/brief.txt", expiresInHours: 1);
        var later = await client.LinkAsync("/later.txt", expiresInHours: 48);
        var forever = await client.LinkAsync("/forever.txt");
        cleanup.Clock.Advance(TimeSpan.FromHours(2));

        (await cleanup.RunAsync()).ExpiredShares.Count.ShouldBe(1);

        (await client.ListSharedAsync()).Select(s => s["hashed_link"]!.GetValue<string>()).Order().ShouldBe(new[] { later, forever }.Order());
        (await client.EntityAsync("/brief.txt")).Body["fs_entity"]!["shared"]!.GetValue<bool>().ShouldBeFalse();
        (await client.SharedInfoAsync(client.UserName!, expired)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.ShareAsync("/brief.txt")).ShouldBeSuccess();
    }

    [Fact]
    public async Task RunningTheCleanupNeedsTheAdminKey()
    {
        using var client = stack.Worker.NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Admin-Key", "wrong-key");
        (await Client.Read(await client.Http.PostAsync("/api/admin-service/run-cleanup", null)))
            .ShouldBeError(HttpStatusCode.Forbidden, "X-Admin-Key");
    }

    private static void ShouldHaveChangedNothing(CleanupSummary summary, long driftsAwaiting)
    {
        (summary.TemporaryPurged.Count, summary.AbandonedUploads.Count, summary.OrphanBlobs.Count, summary.ExpiredShares.Count)
            .ShouldBe((0L, 0L, 0L, 0L));
        summary.Quotas.UsersCorrected.ShouldBe(0);
        summary.Quotas.DriftsAwaitingConfirmation.ShouldBe(driftsAwaiting);
    }

    /// <summary>The route's summary, in the JSON its callers read: every step, each with what it did (nothing here).</summary>
    private static void ShouldBeTheSummaryOfARunThatFoundNothing(JsonNode summary)
    {
        foreach (var step in new[]
                 {
                     "temporary_purged", "trash_purged", "versions_pruned", "abandoned_uploads", "orphan_blobs", "uncommitted_blobs",
                     "upload_containers", "expired_shares", "search_keys_backfilled",
                 })
            (summary[step]!["count"]!.GetValue<long>(), summary[step]!["bytes"]!.GetValue<long>()).ShouldBe((0L, 0L), step);
        foreach (var repair in new[] { "orphans_detached", "detached_swept", "dangling_shares", "freed_bytes", "legacy_entries_migrated", "total" })
            summary["tree_repairs"]![repair]!.GetValue<long>().ShouldBe(0, repair);
        foreach (var figure in new[] { "users_checked", "users_corrected", "drifts_awaiting_confirmation", "used_bytes_corrected", "reserved_bytes_corrected", "free_bytes_corrected" })
            summary["quotas"]![figure]!.GetValue<long>().ShouldBe(0, figure);
        summary["budget_exhausted"]!.GetValue<bool>().ShouldBeFalse();
        summary["request_units"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
        summary["duration_ms"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
    }

    /// <summary>Every entry, user counter and blob name, as one comparable string.</summary>
    private static async Task<string> SnapshotAsync(CleanupWorker cleanup)
    {
        var text = new StringBuilder();
        foreach (var e in await cleanup.Worker.Entries().Find(FilterDefinition<EntryDocument>.Empty).SortBy(e => e.Id).ToListAsync())
            text.AppendLine($"{e.Id} {e.ParentId} {e.Name} {e.State} {e.SizeBytes} {e.Blob}");
        foreach (var u in await cleanup.Worker.Users().Find(FilterDefinition<UserDocument>.Empty).ToListAsync())
            text.AppendLine($"{u.Id} {u.QuotaBytes} {u.UsedBytes} {u.ReservedBytes} {u.FreeBytes}");
        await foreach (var blob in cleanup.Get<BlobContainerClient>().GetBlobsAsync())
            text.AppendLine(blob.Name);
        return text.ToString();
    }
}
