using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Maintenance;

/// <summary>
/// What a worker killed in the middle of a folder copy leaves (its pending top holding the reservation and the name,
/// 1,000 entries inserted as <see cref="EntryState.Copying"/>, sharing the source's blob), written through the stores,
/// and what the next TempCleanup run makes of it: nothing visible, nothing charged, the source's bytes untouched.
/// </summary>
[Collection(Areas.Maintenance)]
public sealed class CrashedCopyTests(Stack stack)
{
    [Fact]
    public async Task ACopyCutShortLeavesNothingVisibleOrChargedAfterTempCleanup()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/src")).ShouldBeSuccess();
        (await client.UploadAsync("/src/a.bin", new byte[1000])).ShouldBeSuccess();
        var entries = cleanup.Get<EntryStore>();
        var source = (await entries.ListChildrenAsync(userId, (await entries.FindVisibleNamedAsync(userId, ["src"], 1, default)).Single().Id, default)).Single();

        const long total = 1000L * 1000;
        (await cleanup.Get<QuotaStore>().TryReserveAsync(userId, total, default)).ShouldBeTrue();
        var now = DateTime.UtcNow;
        var top = new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = DriveRoots.Id(userId, "mere"), Kind = EntryKinds.Folder,
            State = EntryState.Pending, ReservedBytes = total, ExpiresAt = now.AddMinutes(2), CreatedAt = now, ModifiedAt = now,
        }.Named("copy");
        (await entries.TryInsertAsync(top, default)).ShouldBeTrue();
        var copies = Enumerable.Range(0, 1000).Select(i => new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = top.Id, Kind = EntryKinds.File, State = EntryState.Copying,
            CopyOf = top.Id, Blob = source.Blob, SizeBytes = 1000, Md5 = source.Md5, Sha256 = source.Sha256, CreatedAt = now, ModifiedAt = now,
        }.Named($"a{i}.bin")).ToList();
        await entries.InsertCopiesAsync(copies, default);
        // A copy given up half way, whose top went but not all its entries.
        await entries.InsertCopiesAsync([new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = ObjectId.GenerateNewId(), Kind = EntryKinds.File,
            State = EntryState.Copying, CopyOf = ObjectId.GenerateNewId(), Blob = source.Blob, SizeBytes = 1000, CreatedAt = now, ModifiedAt = now,
        }.Named("stray.bin")], default);
        (await client.LayerAsync()).Names().ShouldBe(["src"], "nothing of the copy is visible meanwhile");
        (await client.EntityAsync("/copy", "folder")).ShouldBeError(System.Net.HttpStatusCode.NotFound);

        cleanup.Clock.Advance(TimeSpan.FromMinutes(3));
        var summary = await cleanup.RunAsync();

        summary.AbandonedUploads.Count.ShouldBe(1);
        (await client.LayerAsync()).Names().ShouldBe(["src"]);
        (await client.QuotaAsync()).Used.ShouldBe(1000);
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after TempCleanup gave the copy up");
        (await (await client.DownloadAsync("/src/a.bin")).Content.ReadAsByteArrayAsync()).Length.ShouldBe(1000);
    }
}
