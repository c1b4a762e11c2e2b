using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class MailSettingsTests(Stack stack)
{
    [Theory]
    [InlineData("Mail:Host", "smtp.example.com", "Mail:From")] // a host without a sender or a base URL for links
    [InlineData("Accounts:VerifyEmail", "true", "Accounts:VerifyEmail=true needs mail")]
    public async Task ABadMailSettingStopsStartUpNamingTheKey(string key, string value, string named) =>
        (await stack.StartupFailureAsync(key, value)).ShouldContain(named);
}
