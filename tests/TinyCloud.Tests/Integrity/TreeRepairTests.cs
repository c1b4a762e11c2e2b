using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Maintenance;

namespace TinyCloud.Tests.Integrity;

/// <summary>TempCleanup finishes what a crashed request left half done in the tree, and says so in its summary.</summary>
[Collection(Areas.Integrity)]
public sealed class TreeRepairTests(Stack stack)
{
    [Fact]
    public async Task TempCleanupSweepsAFolderCutOutByACrashedDeleteAndAnEntryWhoseParentVanished()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/gone")).ShouldBeSuccess();
        (await client.UploadAsync("/gone/a.bin", new byte[1000])).ShouldBeSuccess();
        (await client.CreateFolderAsync("/lost")).ShouldBeSuccess();
        (await client.UploadAsync("/lost/b.bin", new byte[300])).ShouldBeSuccess();
        (await client.UploadAsync("/kept.bin", new byte[50])).ShouldBeSuccess();
        var entries = cleanup.Worker.Entries();
        var gone = (await cleanup.Worker.EntryAtAsync(userId, "mere", "/gone"))!;
        var lost = (await cleanup.Worker.EntryAtAsync(userId, "mere", "/lost"))!;
        // A delete that died right after cutting its folder out, and a parent removed without its child.
        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == gone.Id,
            Builders<EntryDocument>.Update.Set(e => e.State, EntryState.Deleting).Set(e => e.ParentId, gone.Id));
        await entries.DeleteOneAsync(e => e.UserId == userId && e.Id == lost.Id);
        (await cleanup.Get<DriveAudit>().CheckAsync(userId, idle: true, default)).ShouldNotBeEmpty();

        var repairs = (await cleanup.RunAsync()).TreeRepairs;

        repairs.OrphansDetached.ShouldBe(1);
        repairs.DetachedSwept.ShouldBe(2); // the cut-out folder, and the orphan once cut out
        repairs.FreedBytes.ShouldBe(1300);
        (await client.LayerAsync("/")).Names().ShouldBe(["kept.bin"]);
        (await client.QuotaAsync()).Used.ShouldBe(50);
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after TempCleanup");
        (await cleanup.RunAsync()).TreeRepairs.Total.ShouldBe(0);
    }

    [Fact]
    public async Task TempCleanupDropsAShareWhoseEntryIsGone()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/pics")).ShouldBeSuccess();
        var link = await client.LinkAsync("/pics", "folder");
        var pics = (await cleanup.Worker.EntryAtAsync(userId, "mere", "/pics"))!;
        await cleanup.Worker.Entries().DeleteOneAsync(e => e.UserId == userId && e.Id == pics.Id);

        var summary = await cleanup.RunAsync();

        summary.TreeRepairs.DanglingShares.ShouldBe(1);
        (await client.ListSharedAsync()).ShouldBeEmpty();
        using var stranger = ShareCalls.Stranger();
        (await client.SharedInfoAsync(client.UserName!, link)).ShouldBeError(System.Net.HttpStatusCode.NotFound);
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after TempCleanup");
    }
}
