using Azure.Storage.Blobs;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Uploads;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class PendingReclaimTests(Stack stack)
{
    [Fact]
    public async Task AnAbandonedPendingUploadLosesItsEntryBlobAndReservationWhileALiveOneIsKept()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = (await cleanup.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
        var abandoned = await StartUploadAsync(cleanup, user.Id, "/big.iso", reserved: 5000, written: 2000);
        cleanup.Clock.Advance(TimeSpan.FromMinutes(61));
        var live = await StartUploadAsync(cleanup, user.Id, "/live.iso", reserved: 300, written: 100);
        (await client.QuotaAsync()).Available.ShouldBe(user.QuotaBytes - 5300);

        var summary = await cleanup.RunAsync();

        summary.AbandonedUploads.Count.ShouldBe(1);
        summary.AbandonedUploads.Bytes.ShouldBe(5000);
        summary.Quotas.DriftsAwaitingConfirmation.ShouldBe(0);
        var entries = cleanup.Get<EntryStore>();
        (await entries.FindByIdAsync(abandoned.Id, default)).ShouldBeNull();
        (await BlobExistsAsync(cleanup, abandoned.Blob!)).ShouldBeFalse();
        (await entries.FindByIdAsync(live.Id, default))!.State.ShouldBe(EntryState.Pending);
        (await BlobExistsAsync(cleanup, live.Blob!)).ShouldBeTrue();
        (await client.QuotaAsync()).ShouldBe((0L, user.QuotaBytes - 300));
        (await client.EntityAsync("/big.iso")).ShouldBeError(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ADirectUploadNeverCompletedIsReclaimedOnceItsUrlAndGraceHaveExpired()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var quota = (await client.QuotaAsync()).Available;
        var (id, url) = await client.BegunAsync("/video.mp4", 8192);
        (await DirectUploadCalls.PutBlockAsync(url, DirectUploadCalls.BlockId(0), RandomBytes(4096))).ShouldBe(System.Net.HttpStatusCode.Created);
        var blob = (await cleanup.Get<EntryStore>().FindByIdAsync(ObjectId.Parse(id), default))!.Blob!;

        // 8 KiB get a URL for 5 minutes and a second (the bytes at 256 KiB/s), then the completion grace.
        var reclaimable = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1) + FileUploads.CompletionGrace;
        cleanup.Clock.Advance(reclaimable - TimeSpan.FromMinutes(1));
        (await cleanup.RunAsync()).AbandonedUploads.Count.ShouldBe(0);
        cleanup.Clock.Advance(TimeSpan.FromMinutes(2));
        var summary = await cleanup.RunAsync();

        summary.AbandonedUploads.Count.ShouldBe(1);
        summary.AbandonedUploads.Bytes.ShouldBe(8192);
        (await client.UploadStatusAsync(id)).ShouldBeError(System.Net.HttpStatusCode.NotFound);
        (await cleanup.Get<DirectUploadBlobs>().BlocksAsync(blob, default)).Staged.ShouldBeEmpty();
        (await client.QuotaAsync()).Available.ShouldBe(quota);
    }

    [Fact]
    public async Task AReplacingUploadWhoseCompletionStalledMidLandingIsChargedIfTheFileTookItGivenBackIfNotAndChargedOnceIfItLandsLate()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var (original, landed, lost) = (RandomBytes(1000), RandomBytes(1500), RandomBytes(1700));
        (await client.UploadAsync("/r.bin", original)).ShouldBeSuccess();
        var entries = cleanup.Get<EntryStore>();
        var pending = cleanup.Get<PendingUploads>();
        var fileId = (await entries.FindVisibleNamedAsync(userId, ["r.bin"], 1, default)).Single().Id;
        async Task<EntryDocument> BeginAsync(byte[] bytes) =>
            (await entries.FindByIdAsync(ObjectId.Parse((await client.BeginReplaceAsync("/r.bin", bytes)).Id), default))!;
        var first = await BeginAsync(landed);
        var second = await BeginAsync(lost);
        // Two completions stall after taking their uploads for landing: the first after the file took its content, the
        // second before.
        (await pending.TryTakeForLandingAsync(first, default)).ShouldNotBeNull();
        var late = (await pending.TryTakeForLandingAsync(second, default)).ShouldNotBeNull();
        var sealedBlob = cleanup.Get<BlobFiles>().NewBlobName(userId);
        await cleanup.Get<BlobContainerClient>().GetBlobClient(sealedBlob).UploadAsync(BinaryData.FromBytes(landed));
        (await cleanup.Get<TinyCloud.Shared.Versions.FileVersions>().ReplaceAsync(userId, fileId, new EntryStore.Content(first.Id, sealedBlob,
            landed.Length, null, VersionCalls.Sha256Hex(landed), "application/octet-stream", default), null, default)).File.ShouldNotBeNull();
        (await client.PostAsync("/api/fs-service/abort-upload", new { upload_id = second.Id.ToString() }))
            .ShouldBeError(System.Net.HttpStatusCode.Conflict, "already complete"); // taken by a completion: not for an abort

        cleanup.Clock.Advance(PendingUploads.LandingLease - TimeSpan.FromSeconds(30));
        (await cleanup.RunAsync()).AbandonedUploads.Count.ShouldBe(0, "within the landing lease");
        cleanup.Clock.Advance(TimeSpan.FromMinutes(1));
        var summary = await cleanup.RunAsync();

        (summary.AbandonedUploads.Count, summary.AbandonedUploads.Bytes).ShouldBe((2, (long)lost.Length), "both finished, the lost one's reservation given back");
        (await entries.FindByIdAsync(first.Id, default)).ShouldBeNull();
        (await entries.FindByIdAsync(second.Id, default)).ShouldBeNull();
        (await client.QuotaAsync()).Used.ShouldBe(original.Length + landed.Length, "the landed content charged once, the other given back");
        (await VersionCalls.VersionsAsync(client, "/r.bin")).Single()["sha256"]!.GetValue<string>().ShouldBe(VersionCalls.Sha256Hex(original));
        var again = await client.CompleteUploadAsync(first.Id.ToString());
        again.ShouldBeSuccess();
        again.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(VersionCalls.Sha256Hex(landed));
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after TempCleanup finished the landings");

        // The second completion was only slow: its content lands after TempCleanup gave its reservation back, and is
        // charged once all the same.
        var lateBlob = cleanup.Get<BlobFiles>().NewBlobName(userId);
        await cleanup.Get<BlobContainerClient>().GetBlobClient(lateBlob).UploadAsync(BinaryData.FromBytes(lost));
        (await cleanup.Get<TinyCloud.Shared.Versions.FileVersions>().ReplaceAsync(userId, fileId, new EntryStore.Content(second.Id, lateBlob,
            lost.Length, null, VersionCalls.Sha256Hex(lost), "application/octet-stream", default), null, default)).File.ShouldNotBeNull();
        (await pending.FinishLandingAsync(second, late, landed: true, lost.Length)).ShouldBeFalse("TempCleanup took the entry");
        (await client.QuotaAsync()).Used.ShouldBe(original.Length + landed.Length + lost.Length);
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after a landing that came late");
    }

    /// <summary>What an upload has done when its worker dies mid-way: reserved quota, a pending entry, part of a blob.</summary>
    private static async Task<EntryDocument> StartUploadAsync(CleanupWorker cleanup, long userId, string path, long reserved, int written)
    {
        (await cleanup.Get<QuotaStore>().TryReserveAsync(userId, reserved, default)).ShouldBeTrue();
        var now = cleanup.Clock.GetUtcNow().UtcDateTime;
        var entry = new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = DriveRoots.Id(userId, FileFields.Mere), Name = DrivePath.Name(path), Kind = EntryKinds.File, Blob = cleanup.Get<BlobFiles>().NewBlobName(userId), State = EntryState.Pending,
            ReservedBytes = reserved, ExpiresAt = now.AddHours(1), CreatedAt = now, ModifiedAt = now,
        };
        (await cleanup.Get<EntryStore>().TryInsertAsync(entry, default)).ShouldBeTrue();
        await cleanup.Get<BlobFiles>().WriteAsync(entry.Blob!, new MemoryStream(RandomBytes(written)), reserved, default);
        return entry;
    }

    private static async Task<bool> BlobExistsAsync(CleanupWorker cleanup, string name) =>
        (await cleanup.Get<BlobContainerClient>().GetBlobClient(name).ExistsAsync()).Value;
}
