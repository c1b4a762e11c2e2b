using TinyCloud.Shared.Drive;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class QuotaReconcileTests(Stack stack)
{
    [Fact]
    public async Task ClearingTheQuotaFlagRacingACounterChangeNeverLeavesTheChangedUserUnflagged()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await Integrity.Races.UserIdAsync(client);
        var (users, quota) = (stack.Worker.Get<UserStore>(), stack.Worker.Get<QuotaStore>());
        for (var trial = 0; trial < Integrity.Races.Trials; trial++)
        {
            await quota.MarkChangedAsync(userId, default);
            var seen = (await users.FindByIdAsync(userId, default))!;

            var outcomes = await Integrity.Races.TogetherAsync(
                () => users.TryMarkQuotaCheckedAsync(seen, default),
                () => quota.TryReserveAsync(userId, 1, default));

            outcomes[1].ShouldBeTrue();
            var after = (await users.FindByIdAsync(userId, default))!;
            after.QuotaChanged.ShouldBe(true, $"trial {trial}: the reservation changed the counters after they were read");
            (after.ReservedBytes, after.FreeBytes).ShouldBe((seen.ReservedBytes + 1, seen.FreeBytes - 1));
            await quota.ReleaseAsync(userId, 1, default);
        }
        var settled = (await users.FindByIdAsync(userId, default))!;
        (await users.TryMarkQuotaCheckedAsync(settled, default)).ShouldBeTrue("counters unchanged since read: the flag is cleared");
        (await users.FindByIdAsync(userId, default))!.QuotaChanged.ShouldBeNull();
        (settled.ReservedBytes, settled.UsedBytes).ShouldBe((0L, 0L));
    }

    [Fact]
    public async Task TheQuotaFlagOutlivesARemovalsClaimSoADeleteThatDiesBeforeFreeingIsStillCorrected()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.bin", RandomBytes(1000))).ShouldBeSuccess();
        var user = await FindAsync(cleanup, client);
        (await cleanup.RunAsync()).Quotas.UsersCorrected.ShouldBe(0);
        (await FindAsync(cleanup, client)).QuotaChanged.ShouldBeNull("counters and entries agree: the flag is cleared");

        // A removal as EntryRemover makes it: the user flagged, the file claimed; then it stalls before deleting.
        var entries = cleanup.Get<EntryStore>();
        var file = (await cleanup.Worker.EntryAtAsync(user.Id, "mere", "/a.bin"))!;
        var removal = ObjectId.GenerateNewId();
        await cleanup.Get<QuotaStore>().MarkChangedAsync(user.Id, default);
        (await entries.ClaimAsync(user.Id, [file.Id], removal, default)).Count.ShouldBe(1);
        (await cleanup.RunAsync()).Quotas.DriftsAwaitingConfirmation.ShouldBe(0);
        (await FindAsync(cleanup, client)).QuotaChanged.ShouldBe(true, "a claim is a removal in flight");

        // It deletes the entry and dies before the counters follow.
        (await entries.DeleteClaimedAsync(user.Id, removal, [file.Id], default)).ShouldBe(1);
        (await cleanup.RunAsync()).Quotas.DriftsAwaitingConfirmation.ShouldBe(1);
        cleanup.Clock.Advance(CleanupWorker.Grace + TimeSpan.FromMinutes(1));
        var corrected = await cleanup.RunAsync();

        corrected.Quotas.UsersCorrected.ShouldBe(1);
        corrected.Quotas.UsedBytesCorrected.ShouldBe(-1000);
        (await client.QuotaAsync()).ShouldBe((0L, user.QuotaBytes));
    }

    [Fact]
    public async Task AFileCutOutAsAnOrphanCountsAsUsedUntilItsSweepFreesIt()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/kept.bin", RandomBytes(700))).ShouldBeSuccess();
        (await client.UploadAsync("/orphan.bin", RandomBytes(300))).ShouldBeSuccess();
        var userId = await Integrity.Races.UserIdAsync(client);
        var entries = stack.Worker.Get<EntryStore>();
        var orphan = (await stack.Worker.EntryAtAsync(userId, "mere", "/orphan.bin"))!;
        (await entries.DetachOrphanAsync(orphan, default)).ShouldBeTrue();

        var totals = await entries.UsageOfUserAsync(userId, default);

        (totals.Used, totals.Reserved, totals.InFlight).ShouldBe((1000L, 0L, 0L), "the counters still charge it: no drift to correct");
        (await client.QuotaAsync()).Used.ShouldBe(1000);
        (await client.LayerAsync()).Names().ShouldBe(["kept.bin"]);
    }

    [Fact]
    public async Task UsedBytesCorruptedByHandAreRepairedOnceTheDriftOutlastsTheGracePeriod()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a.bin", RandomBytes(1000))).ShouldBeSuccess();
        var user = await FindAsync(cleanup, client);
        await cleanup.Worker.Users().UpdateOneAsync(u => u.Id == user.Id,
            Builders<UserDocument>.Update.Inc(u => u.UsedBytes, 12345L));

        var first = await cleanup.RunAsync();
        first.Quotas.UsersCorrected.ShouldBe(0);
        first.Quotas.DriftsAwaitingConfirmation.ShouldBe(1);
        (await client.QuotaAsync()).Used.ShouldBe(13345);

        cleanup.Clock.Advance(CleanupWorker.Grace + TimeSpan.FromMinutes(1));
        var second = await cleanup.RunAsync();
        second.Quotas.UsersChecked.ShouldBe(1);
        second.Quotas.UsersCorrected.ShouldBe(1);
        second.Quotas.UsedBytesCorrected.ShouldBe(-12345);
        second.Quotas.FreeBytesCorrected.ShouldBe(0);
        (await client.QuotaAsync()).ShouldBe((1000L, user.QuotaBytes - 1000));

        var third = await cleanup.RunAsync();
        third.Quotas.UsersCorrected.ShouldBe(0);
        third.Quotas.DriftsAwaitingConfirmation.ShouldBe(0);
    }

    [Fact]
    public async Task AReservationLeakedByACrashedUploadIsGivenBack()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = await FindAsync(cleanup, client);
        (await cleanup.Get<QuotaStore>().TryReserveAsync(user.Id, 4096, default)).ShouldBeTrue();

        (await cleanup.RunAsync()).Quotas.DriftsAwaitingConfirmation.ShouldBe(1);
        cleanup.Clock.Advance(CleanupWorker.Grace + TimeSpan.FromMinutes(1));
        var summary = await cleanup.RunAsync();

        summary.Quotas.UsersCorrected.ShouldBe(1);
        summary.Quotas.ReservedBytesCorrected.ShouldBe(-4096);
        summary.Quotas.FreeBytesCorrected.ShouldBe(4096);
        (await client.QuotaAsync()).Available.ShouldBe(user.QuotaBytes);
    }

    [Fact]
    public async Task ADriftThatWasOnlyAnUploadInFlightIsNeverCorrected()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = await FindAsync(cleanup, client);
        var quota = cleanup.Get<QuotaStore>();
        // An upload reserves before its pending entry exists, so a run in between sees more reserved than entries explain.
        (await quota.TryReserveAsync(user.Id, 4096, default)).ShouldBeTrue();
        (await cleanup.RunAsync()).Quotas.DriftsAwaitingConfirmation.ShouldBe(1);
        await quota.ReleaseAsync(user.Id, 4096, default);

        cleanup.Clock.Advance(CleanupWorker.Grace + TimeSpan.FromMinutes(1));
        var summary = await cleanup.RunAsync();

        summary.Quotas.UsersCorrected.ShouldBe(0);
        summary.Quotas.DriftsAwaitingConfirmation.ShouldBe(0);
        (await client.QuotaAsync()).ShouldBe((0L, user.QuotaBytes));
    }

    private static async Task<UserDocument> FindAsync(CleanupWorker cleanup, Client client) =>
        (await cleanup.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
}
