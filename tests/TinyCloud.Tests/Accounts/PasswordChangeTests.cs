using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class PasswordChangeTests(Stack stack)
{
    [Fact]
    public async Task ChangingEndsOtherSessionsKeepsTheCallerAndMails()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var laptop = await client.OtherDeviceAsync(stack.Worker);

        var changed = await client.ChangePasswordAsync(Client.Password, AccountCalls.NewPassword);
        changed.ShouldBeSuccess();
        changed.Body["access_token"]!.GetValue<string>().Split('.').Length.ShouldBe(3);

        (await client.GetAsync(AccountCalls.Me)).ShouldBeSuccess(); // the fresh cookie
        (await laptop.GetAsync(AccountCalls.Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await client.LoginAsync(Client.Password)).ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");
        (await client.LoginAsync(AccountCalls.NewPassword)).ShouldBeSuccess();

        var mail = await stack.Mailbox().WaitForAsync(client.Email!, "password was changed");
        mail.Text.ShouldContain("every other session");
    }

    [Fact]
    public async Task AWrongCurrentPasswordIs400AndCountsAsAFailedLogin()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        for (var i = 0; i < 5; i++)
            (await client.ChangePasswordAsync("not the password", AccountCalls.NewPassword)).ShouldBeError(HttpStatusCode.BadRequest, "Wrong password");
        var throttled = await client.PostJsonAsync("/api/user-service/change-password",
            new { current_password = Client.Password, new_password = AccountCalls.NewPassword });
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        (await Client.Read(throttled)).ShouldBeError(HttpStatusCode.TooManyRequests);
        (await client.GetAsync(AccountCalls.Me)).ShouldBeSuccess(); // nothing changed
    }

    [Theory]
    [InlineData("short")]
    [InlineData("")]
    public async Task ANewPasswordBreakingTheRulesIs422AndChangesNothing(string next)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.ChangePasswordAsync(Client.Password, next)).ShouldBeError(HttpStatusCode.UnprocessableEntity, "new_password");
        (await client.LoginAsync(Client.Password)).ShouldBeSuccess();
    }

    [Fact]
    public async Task WithoutALoginChangingIs401()
    {
        using var client = stack.Worker.NewClient();
        (await client.ChangePasswordAsync(Client.Password, AccountCalls.NewPassword)).ShouldBeError(HttpStatusCode.Unauthorized);
    }
}
