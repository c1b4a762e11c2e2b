using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class VersionPruneTests(Stack stack)
{
    [Fact]
    public async Task TempCleanupRemovesVersionsOlderThanVersionDaysAndFreesThem()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack, new Dictionary<string, string?> { ["Drive:VersionDays"] = "30" });
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.UploadAsync("/r.txt", new byte[100])).ShouldBeSuccess();
        (await client.ReplaceAsync("/r.txt", new byte[200])).ShouldBeSuccess();
        (await client.ReplaceAsync("/r.txt", new byte[300])).ShouldBeSuccess();
        (await client.QuotaAsync()).Used.ShouldBe(600);

        (await cleanup.RunAsync()).VersionsPruned.Count.ShouldBe(0, "nothing is old yet");
        cleanup.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        var summary = await cleanup.RunAsync();

        (summary.VersionsPruned.Count, summary.VersionsPruned.Bytes).ShouldBe((2L, 300L));
        (await client.VersionsAsync("/r.txt")).ShouldBeEmpty();
        (await client.QuotaAsync()).Used.ShouldBe(300);
        summary.Quotas.DriftsAwaitingConfirmation.ShouldBe(0, "the reconciler counts versions too");
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after the prune");
    }
}
