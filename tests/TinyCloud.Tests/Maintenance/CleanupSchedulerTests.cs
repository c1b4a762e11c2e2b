using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NCrontab;
using TinyCloud.Functions;
using TinyCloud.Functions.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Maintenance;

[Collection(StackCollection.Name)]
public sealed class CleanupSchedulerTests(Stack stack)
{
    [Theory]
    [InlineData("0 0 * * * *", "2025-03-10T10:15:30.500Z", "2025-03-10T11:00:00Z")]
    [InlineData("0 0 * * * *", "2025-03-10T11:00:00Z", "2025-03-10T12:00:00Z")]
    [InlineData("0 0 * * * *", "2025-12-31T23:59:59.999Z", "2026-01-01T00:00:00Z")]
    [InlineData("*/15 * * * * *", "2025-03-10T10:00:07Z", "2025-03-10T10:00:15Z")]
    [InlineData("0 30 2 * * *", "2025-03-10T02:30:00.001Z", "2025-03-11T02:30:00Z")]
    public void TheNextOccurrenceIsTheFirstOneStrictlyAfterNow(string schedule, string now, string expected)
    {
        var parsed = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        CleanupScheduler.NextOccurrence(parsed, DateTimeOffset.Parse(now)).ShouldBe(DateTimeOffset.Parse(expected));
    }

    [Fact]
    public async Task RunOnItsOwnTheWorkerRunsTheJobAtTheNextOccurrence()
    {
        var cleanup = await CleanupWorker.StartAsync(stack, new Dictionary<string, string?> { ["Cleanup:Schedule"] = "* * * * * *" });
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/old.bin", [1, 2, 3], "temporary")).ShouldBeSuccess();
        cleanup.Clock.Advance(TimeSpan.FromHours(25));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await client.LayerAsync("/", "temporary")).Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        (await client.LayerAsync("/", "temporary")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Cleanup:Schedule", "0 * * * *", "Cleanup:Schedule")]
    [InlineData("Cleanup:Schedule", "every hour", "Cleanup:Schedule")]
    [InlineData("Cleanup:OrphanGraceMinutes", "0", "Cleanup:OrphanGraceMinutes")]
    [InlineData("Temporary:RetentionHours", "-1", "Temporary:RetentionHours")]
    public async Task ABadCleanupSettingStopsStartUpNamingTheKey(string key, string value, string named)
    {
        (await stack.StartupFailureAsync(key, value)).ShouldContain(named);
    }
}
