using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class PasswordResetTests(Stack stack)
{
    [Fact]
    public async Task TheMailedLinkSetsThePasswordOnceAndEndsEverything()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var laptop = await client.OtherDeviceAsync(stack.Worker);
        using var stranger = stack.Worker.NewClient();
        (await stranger.RequestResetAsync(client.Email!)).ShouldBeSuccess();
        (await stranger.RequestResetAsync(client.Email!)).ShouldBeSuccess();
        var links = await stack.Mailbox().WaitForAsync(client.Email!, 2);
        links.ShouldAllBe(m => m.Subject == "Reset your password");
        var (first, second) = (links[0].TokenFor("reset-password"), links[1].TokenFor("reset-password"));

        (await stranger.ResetPasswordAsync(second, AccountCalls.NewPassword)).ShouldBeSuccess();

        (await stranger.ResetPasswordAsync(second, "yet another password")).ShouldBeError(HttpStatusCode.BadRequest, "invalid, used or expired");
        (await stranger.ResetPasswordAsync(first, "yet another password")).ShouldBeError(HttpStatusCode.BadRequest, "invalid, used or expired");
        (await client.GetAsync(AccountCalls.Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await laptop.GetAsync(AccountCalls.Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await client.LoginAsync(Client.Password)).ShouldBeError(HttpStatusCode.BadRequest);
        (await client.LoginAsync(AccountCalls.NewPassword)).ShouldBeSuccess();
        (await stack.Mailbox().WaitForAsync(client.Email!, "password was reset")).Text.ShouldContain("every session");
    }

    [Fact]
    public async Task AnExpiredLinkIsRefusedAndLeavesThePassword()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.RequestResetAsync(client.Email!)).ShouldBeSuccess();
        var token = (await stack.Mailbox().WaitForAsync(client.Email!, "Reset your password")).TokenFor("reset-password");
        // 31 minutes pass for this token: its stored times move back.
        var tokens = stack.Worker.Get<IMongoDatabase>().GetCollection<AccountTokenDocument>(AccountTokens.CollectionName);
        var id = AccountTokens.Hash(token);
        var stored = await tokens.Find(t => t.Id == id).SingleAsync();
        stored.Purpose.ShouldBe(TokenPurposes.PasswordReset);
        stored.ExpiresAt.ShouldBe(stored.CreatedAt + TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1));
        await tokens.UpdateOneAsync(t => t.Id == id, Builders<AccountTokenDocument>.Update
            .Set(t => t.CreatedAt, stored.CreatedAt.AddMinutes(-31)).Set(t => t.ExpiresAt, stored.ExpiresAt.AddMinutes(-31)));

        (await client.ResetPasswordAsync(token, AccountCalls.NewPassword)).ShouldBeError(HttpStatusCode.BadRequest, "expired");
        (await client.LoginAsync(Client.Password)).ShouldBeSuccess();
    }

    [Fact]
    public async Task OnlyTheTokensHashIsStored()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.RequestResetAsync(client.Email!)).ShouldBeSuccess();
        var token = (await stack.Mailbox().WaitForAsync(client.Email!, "Reset your password")).TokenFor("reset-password");
        Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length.ShouldBe(32); // 256 random bits
        var tokens = stack.Worker.Get<IMongoDatabase>().GetCollection<MongoDB.Bson.BsonDocument>(AccountTokens.CollectionName);
        var all = (await tokens.Find(FilterDefinition<MongoDB.Bson.BsonDocument>.Empty).ToListAsync()).Select(d => d.ToJson()).ToList();
        all.ShouldNotContain(d => d.Contains(token));
        all.ShouldContain(d => d.Contains(AccountTokens.Hash(token)));
    }

    [Fact]
    public async Task AnUnknownEmailGetsTheSameAnswerAndNoMail()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var missing = "nobody-" + Guid.NewGuid().ToString("N")[..10] + "@example.com";
        var known = await client.RequestResetAsync(client.Email!);
        var unknown = await client.RequestResetAsync(missing);
        known.ShouldBeSuccess();
        unknown.ShouldBeSuccess();
        unknown.Body.ToJsonString().ShouldBe(known.Body.ToJsonString());
        await stack.Mailbox().WaitForAsync(client.Email!, "Reset your password");
        (await stack.Mailbox().ToAsync(missing)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RequestsAreThrottledPerAccountAlikeForKnownAndUnknown()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var missing = "nobody-" + Guid.NewGuid().ToString("N")[..10] + "@example.com";
        await FixedWindows.StartFreshAsync(TimeSpan.FromHours(1), TimeSpan.FromSeconds(60)); // Accounts:ThrottleWindow
        foreach (var email in new[] { client.Email!, missing })
        {
            for (var i = 0; i < 5; i++)
                (await client.RequestResetAsync(email)).ShouldBeSuccess();
            var throttled = await client.PostJsonAsync("/api/user-service/request-password-reset", new { user_email = email });
            throttled.Headers.RetryAfter.ShouldNotBeNull();
            (await Client.Read(throttled)).ShouldBeError(HttpStatusCode.TooManyRequests, "try again later");
        }
    }

    [Theory]
    [InlineData("{\"token\":\"abc\",\"new_password\":\"long enough pass\"}", "token")]
    [InlineData("{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"new_password\":\"short\"}", "new_password")]
    [InlineData("{\"new_password\":\"long enough pass\"}", "token")]
    public async Task ABadResetBodyIs422(string json, string field)
    {
        using var client = stack.Worker.NewClient();
        var response = await client.Http.PostAsync("/api/user-service/reset-password",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        (await Client.Read(response)).ShouldBeError(HttpStatusCode.UnprocessableEntity, field);
    }

    [Fact]
    public async Task AnUnknownWellFormedTokenIs400()
    {
        using var client = stack.Worker.NewClient();
        (await client.ResetPasswordAsync(new string('A', 43), AccountCalls.NewPassword)).ShouldBeError(HttpStatusCode.BadRequest, "invalid");
    }
}
