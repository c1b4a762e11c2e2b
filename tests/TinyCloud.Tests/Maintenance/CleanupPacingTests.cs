using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class CleanupPacingTests(Stack stack)
{
    [Fact]
    public async Task ARunThatSpendsItsBudgetStopsAndTheNextRunGoesOnFromWhereItStopped()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack, new Dictionary<string, string?>
        {
            ["Cleanup:MaxRequestUnitsPerRun"] = "600", ["Cleanup:RequestUnitsPerSecond"] = "0",
        });
        var (user, client) = await RootOfThousandFoldersThenAnOrphanAsync(cleanup);
        using var _ = client;

        var first = await cleanup.RunAsync();
        first.BudgetExhausted.ShouldBeTrue();
        first.RequestUnits.ShouldBeInRange(600, 1200);
        first.TreeRepairs.OrphansDetached.ShouldBe(0);
        (await cleanup.Worker.EntryAtAsync(user.Id, FileFields.Mere, "/f0000")).ShouldNotBeNull();

        var second = await cleanup.RunAsync();
        second.TreeRepairs.OrphansDetached.ShouldBe(1);
        second.BudgetExhausted.ShouldBeFalse();
        (await cleanup.Get<CleanupCursors>().PositionAsync("tree-repair-orphans", default)).ShouldBe("");
    }

    [Fact]
    public async Task ARunPacedPastItsTimeLimitStopsAtTheLimitAndTheNextRunGoesOnFromWhereItStopped()
    {
        // 500 units a second: each 500-entry page of the orphan pass takes a second, so a 2 s run stops after two.
        await using var cleanup = await CleanupWorker.StartAsync(stack, new Dictionary<string, string?>
        {
            ["Cleanup:MaxRunSeconds"] = "2", ["Cleanup:RequestUnitsPerSecond"] = "500",
        });
        var (user, client) = await RootOfThousandFoldersThenAnOrphanAsync(cleanup);
        using var _ = client;

        var first = await cleanup.RunAsync();
        first.BudgetExhausted.ShouldBeTrue();
        first.DurationMs.ShouldBeGreaterThanOrEqualTo(2000);
        first.TreeRepairs.OrphansDetached.ShouldBe(0);
        (await cleanup.Worker.EntryAtAsync(user.Id, FileFields.Mere, "/f0000")).ShouldNotBeNull();

        var second = await cleanup.RunAsync();
        second.TreeRepairs.OrphansDetached.ShouldBe(1);
    }

    [Fact]
    public async Task TheQuotaStepChecksAUserAfterTheirCountersChangeAndClearsTheFlagOnceTheyAgree()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.bin", RandomBytes(100))).ShouldBeSuccess();
        (await FlagAsync(cleanup, client)).ShouldBe(true);

        var summary = await cleanup.RunAsync();
        summary.Quotas.UsersChecked.ShouldBe(1);
        summary.Quotas.UsersCorrected.ShouldBe(0);
        (await FlagAsync(cleanup, client)).ShouldBeNull();

        (await client.DeleteAsync("/a.bin", "file")).ShouldBeSuccess();
        (await FlagAsync(cleanup, client)).ShouldBe(true);
        (await client.QuotaAsync()).Used.ShouldBe(0);
    }

    /// <summary>
    /// 1,000 folders in the root, then (with the highest id) a file whose parent does not exist: the orphan pass reads
    /// 500 entries a page, so it meets the orphan in its third page.
    /// </summary>
    private static async Task<(UserDocument User, Client Client)> RootOfThousandFoldersThenAnOrphanAsync(CleanupWorker cleanup)
    {
        var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = (await cleanup.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
        var now = DateTime.UtcNow;
        await cleanup.Worker.Entries().InsertManyAsync(Enumerable.Range(0, 1000).Select(i => Folder(user.Id, $"f{i:D4}", now)));
        var orphan = Folder(user.Id, "orphan.txt", now);
        orphan.Kind = EntryKinds.File;
        orphan.ParentId = ObjectId.GenerateNewId();
        await cleanup.Worker.Entries().InsertOneAsync(orphan);
        return (user, client);
    }

    private static async Task<bool?> FlagAsync(CleanupWorker cleanup, Client client) =>
        (await cleanup.Worker.Users().Find(u => u.UserName == client.UserName).FirstAsync()).QuotaChanged;

    private static EntryDocument Folder(long userId, string name, DateTime now) => new EntryDocument
    {
        Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = DriveRoots.Id(userId, FileFields.Mere),
        Kind = EntryKinds.Folder, State = EntryState.Ready, CreatedAt = now, ModifiedAt = now,
    }.Named(name);
}
