using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class EmailVerificationTests(Stack stack)
{
    private const string Register = "/api/user-service/register";

    [Fact]
    public async Task RegisterMailsALinkThatVerifiesTheEmailOnce()
    {
        using var client = stack.Worker.NewClient();
        var name = "ver" + Guid.NewGuid().ToString("N")[..10];
        var email = $"{name}@example.com";
        var registered = await client.PostAsync(Register, new { user_email = email, password = Client.Password, user_name = name });
        registered.ShouldBeSuccess();
        registered.Body["user"]!["email_verified"]!.GetValue<bool>().ShouldBeFalse();
        registered.Body["user"]!["verified"]!.GetValue<bool>().ShouldBeTrue(); // the admin's flag, as before

        var mail = await stack.Mailbox().WaitForAsync(email, "Confirm your email");
        mail.Html.ShouldContain("/client/verify-email#token=");
        mail.Html.ShouldNotContain("<img");
        var token = mail.TokenFor("verify-email");
        (await client.VerifyEmailAsync(token)).ShouldBeSuccess();
        (await client.VerifyEmailAsync(token)).ShouldBeError(HttpStatusCode.BadRequest, "invalid, used or expired");

        (await client.PostAsync("/api/user-service/login", new { user_email = email, password = Client.Password })).ShouldBeSuccess();
        var me = await client.GetAsync(AccountCalls.Me);
        me.ShouldBeSuccess();
        me.Body["user"]!["email_verified"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task ATakenEmailAtRegisterMailsItsOwner()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        using var stranger = stack.Worker.NewClient();
        var response = await stranger.PostAsync(Register, new { user_email = owner.Email, password = "another password", user_name = "x" + Guid.NewGuid().ToString("N")[..10] });
        response.ShouldBeSuccess(); // the same answer as for a new address
        var mail = await stack.Mailbox().WaitForAsync(owner.Email!, "tried to register");
        mail.Text.ShouldContain(owner.Email!);
        mail.Text.ShouldContain($"{Mailbox.PublicBaseUrl}/client/forgot-password");
    }

    [Fact]
    public async Task ResendMailsANewLinkAndIsThrottled()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        await FixedWindows.StartFreshAsync(TimeSpan.FromHours(1), TimeSpan.FromSeconds(60)); // Accounts:ThrottleWindow
        for (var i = 0; i < 5; i++)
            (await client.PostAsync("/api/user-service/resend-verification-email", new { })).ShouldBeSuccess();
        var throttled = await client.PostJsonAsync("/api/user-service/resend-verification-email", new { });
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        (await Client.Read(throttled)).ShouldBeError(HttpStatusCode.TooManyRequests, "try again later");

        var mails = await stack.Mailbox().WaitForAsync(client.Email!, 5);
        // Each resend revokes the earlier links: only the last one issued works (mail may arrive in any order).
        var answers = new List<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body)>();
        foreach (var mail in mails)
            answers.Add(await client.VerifyEmailAsync(mail.TokenFor("verify-email")));
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1);
        answers.Where(a => a.Status != HttpStatusCode.OK).ToList().ForEach(a => a.ShouldBeError(HttpStatusCode.BadRequest, "invalid, used or expired"));
        (await client.PostAsync("/api/user-service/resend-verification-email", new { })).ShouldBeError(HttpStatusCode.Conflict, "verified already");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has spaces in it and is long enough to be 43 chars")]
    public async Task AMalformedTokenIs422(string token)
    {
        using var client = stack.Worker.NewClient();
        (await client.VerifyEmailAsync(token)).ShouldBeError(HttpStatusCode.UnprocessableEntity, "token");
    }
}
