using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class CleanupSettingsTests(Stack stack)
{
    [Theory]
    [InlineData("Cleanup:Schedule", "0 * * * *", "Cleanup:Schedule")]
    [InlineData("Cleanup:Schedule", "every hour", "Cleanup:Schedule")]
    [InlineData("Cleanup:OrphanGraceMinutes", "0", "Cleanup:OrphanGraceMinutes")]
    [InlineData("Temporary:RetentionHours", "-1", "Temporary:RetentionHours")]
    [InlineData("Trash:RetentionDays", "0", "Trash:RetentionDays")]
    public async Task ABadCleanupSettingStopsStartUpNamingTheKey(string key, string value, string named)
    {
        (await stack.StartupFailureAsync(key, value)).ShouldContain(named);
    }
}
