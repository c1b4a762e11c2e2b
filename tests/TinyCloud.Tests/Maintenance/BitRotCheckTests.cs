using Azure.Storage.Blobs;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class BitRotCheckTests(Stack stack)
{
    [Fact]
    public async Task TempCleanupReportsAFileWhoseBytesNoLongerMatchAndChangesNothing()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.UploadAsync("/good.bin", DriveCalls.RandomBytes(3000))).ShouldBeSuccess();
        (await client.UploadAsync("/rotten.bin", DriveCalls.RandomBytes(2000))).ShouldBeSuccess();
        var entries = cleanup.Get<EntryStore>();
        var rotten = (await entries.FindVisibleNamedAsync(userId, ["rotten.bin"], 1, default)).Single();
        await cleanup.Get<BlobContainerClient>().GetBlobClient(rotten.Blob).UploadAsync(BinaryData.FromBytes(DriveCalls.RandomBytes(2000)), overwrite: true);

        var summary = await cleanup.RunAsync();

        (summary.BitRot.Checked, summary.BitRot.Bytes, summary.BitRot.Mismatches, summary.BitRot.Missing).ShouldBe((2L, 5000L, 1L, 0L));
        var after = await entries.FindByIdAsync(rotten.Id, default);
        (after!.Sha256, after.Blob, after.SizeBytes).ShouldBe((rotten.Sha256, rotten.Blob, rotten.SizeBytes), "reported, not changed");
        after.CheckedAt.ShouldNotBeNull();
        (await client.LayerAsync()).Names().ShouldBe(["good.bin", "rotten.bin"]);
    }

    [Fact]
    public async Task TheSampleStopsAtItsByteBudgetAndTakesTheLongestUncheckedNext()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack, new Dictionary<string, string?> { ["Cleanup:BitRotBytesPerRun"] = "1500" });
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < 3; i++)
            (await client.UploadAsync($"/f{i}.bin", new byte[1000])).ShouldBeSuccess();

        (await cleanup.RunAsync()).BitRot.Checked.ShouldBe(2, "the second file crosses the budget");
        cleanup.Clock.Advance(TimeSpan.FromMinutes(1));
        (await cleanup.RunAsync()).BitRot.Checked.ShouldBe(2, "the one left, then the longest unchecked");
        var checkedAt = (await cleanup.Worker.Entries().Find(e => e.Kind == EntryKinds.File).ToListAsync()).Select(e => e.CheckedAt).ToList();
        checkedAt.ShouldAllBe(t => t != null);
    }

    [Fact]
    public async Task AVersionWhoseBytesNoLongerMatchIsReportedWithItsFile()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.UploadAsync("/report.pdf", DriveCalls.RandomBytes(1000))).ShouldBeSuccess();
        (await client.ReplaceAsync("/report.pdf", DriveCalls.RandomBytes(1500))).ShouldBeSuccess();
        var file = (await cleanup.Get<EntryStore>().FindVisibleNamedAsync(userId, ["report.pdf"], 1, default)).Single();
        var version = file.Versions.ShouldHaveSingleItem();
        await cleanup.Get<BlobContainerClient>().GetBlobClient(version.Blob).UploadAsync(BinaryData.FromBytes(DriveCalls.RandomBytes(1000)), overwrite: true);

        var summary = await cleanup.RunAsync();

        (summary.BitRot.Checked, summary.BitRot.Bytes, summary.BitRot.Mismatches, summary.BitRot.Missing).ShouldBe((2L, 2500L, 1L, 0L));
        (await cleanup.Get<EntryStore>().FindByIdAsync(file.Id, default))!.Versions.ShouldHaveSingleItem().Sha256.ShouldBe(version.Sha256, "reported, not changed");
    }

    [Fact]
    public async Task AFileStoredBeforeHashesWereKeptGetsItsHashOnceItsMd5IsConfirmedAndIsCheckedFromThenOn()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var (kept, rotten) = (DriveCalls.RandomBytes(3000), DriveCalls.RandomBytes(2000));
        (await client.UploadAsync("/old.bin", kept)).ShouldBeSuccess();
        (await client.UploadAsync("/old-rotten.bin", rotten)).ShouldBeSuccess();
        var entries = cleanup.Get<EntryStore>();
        var files = await entries.FindVisibleNamedAsync(userId, ["old.bin", "old-rotten.bin"], 2, default);
        // As stored before hashes were kept: an MD5 computed by the worker, no SHA-256.
        await cleanup.Worker.Entries().UpdateManyAsync(e => e.UserId == userId, Builders<EntryDocument>.Update.Unset(e => e.Sha256));
        var blobs = cleanup.Get<BlobContainerClient>();
        var keptBlob = blobs.GetBlobClient(files.Single(f => f.Name == "old.bin").Blob);
        await keptBlob.SetMetadataAsync(new Dictionary<string, string>());
        var rottenFile = files.Single(f => f.Name == "old-rotten.bin");
        await blobs.GetBlobClient(rottenFile.Blob).UploadAsync(BinaryData.FromBytes(DriveCalls.RandomBytes(2000)), overwrite: true);

        var first = await cleanup.RunAsync();

        (first.BitRot.Checked, first.BitRot.Bytes, first.BitRot.Mismatches, first.BitRot.Missing, first.BitRot.Hashed).ShouldBe((2L, 5000L, 1L, 0L, 1L));
        (await entries.FindByIdAsync(files.Single(f => f.Name == "old.bin").Id, default))!.Sha256.ShouldBe(VersionCalls.Sha256Hex(kept));
        (await keptBlob.GetPropertiesAsync()).Value.Metadata["sha256"].ShouldBe(VersionCalls.Sha256Hex(kept), "as a link's download shows it");
        (await entries.FindByIdAsync(rottenFile.Id, default))!.Sha256.ShouldBeNull("bytes that do not match their MD5 get no hash");
        var listed = (await client.LayerAsync()).Single(e => e["name"]!.GetValue<string>() == "old.bin");
        listed["sha256"]!.GetValue<string>().ShouldBe(VersionCalls.Sha256Hex(kept));

        cleanup.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await cleanup.RunAsync();

        (second.BitRot.Checked, second.BitRot.Mismatches, second.BitRot.Hashed).ShouldBe((2L, 1L, 0L), "the hashed file compared, the rotten one reported again");
    }
}
