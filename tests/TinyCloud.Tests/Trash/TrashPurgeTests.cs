using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using TinyCloud.Tests.Maintenance;

namespace TinyCloud.Tests.Trash;

[Collection(Areas.Sharing)]
public sealed class TrashPurgeTests(Stack stack)
{
    [Fact]
    public async Task TempCleanupPurgesWhatWasTrashedLongerAgoThanTheRetentionAndFreesItsQuota()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/old")).ShouldBeSuccess();
        (await client.UploadAsync("/old/a", new byte[1000])).ShouldBeSuccess();
        (await client.UploadAsync("/old/b", new byte[500])).ShouldBeSuccess();
        (await client.UploadAsync("/young", new byte[70])).ShouldBeSuccess();
        (await client.UploadAsync("/kept", new byte[3])).ShouldBeSuccess();
        (await client.QuotaAsync()).Used.ShouldBe(1573);
        await client.TrashIdAsync("/old", "folder");
        (await client.QuotaAsync()).Used.ShouldBe(1573, "trashed bytes still count");
        await cleanup.Worker.AgeAsync(userId, TimeSpan.FromDays(29));
        await client.TrashIdAsync("/young");
        cleanup.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var summary = await cleanup.RunAsync();

        summary.TrashPurged.Count.ShouldBe(3, "the folder and the two files in it");
        summary.TrashPurged.Bytes.ShouldBe(1500);
        (await client.TrashItemsAsync()).Names().ShouldBe(["young"]);
        (await client.QuotaAsync()).Used.ShouldBe(73);
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after the purge");
        (await cleanup.RunAsync()).TrashPurged.Count.ShouldBe(0);
        summary.Quotas.DriftsAwaitingConfirmation.ShouldBe(0, "the reconciler counts trashed bytes too");
    }

    [Fact]
    public async Task TheRetentionComesFromTrashRetentionDays()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack, new Dictionary<string, string?> { ["Trash:RetentionDays"] = "2" });
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/past", [1, 2])).ShouldBeSuccess();
        (await client.UploadAsync("/recent", [3])).ShouldBeSuccess();
        var past = await client.TrashIdAsync("/past");
        await cleanup.Worker.AgeAsync(await client.UserIdAsync(), TimeSpan.FromDays(2) - TimeSpan.FromHours(1));
        await client.TrashIdAsync("/recent");
        (await client.TrashItemsAsync()).First(i => i["id"]!.GetValue<string>() == past)["purge_at"]!.GetValue<DateTime>()
            .ShouldBe(DateTime.UtcNow + TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        cleanup.Clock.Advance(TimeSpan.FromHours(2));

        (await cleanup.RunAsync()).TrashPurged.Count.ShouldBe(1);
        (await client.TrashItemsAsync()).Names().ShouldBe(["recent"]);
        (await client.QuotaAsync()).Used.ShouldBe(1);
        (await cleanup.Worker.Get<EntryStore>().FindByIdAsync(MongoDB.Bson.ObjectId.Parse(past), default)).ShouldBeNull();
    }
}
