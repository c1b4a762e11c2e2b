using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

[Collection(StackCollection.Name)]
public sealed class LoginThrottleTests(Stack stack)
{
    private const string Route = "/api/user-service/login";

    private static HttpRequestMessage Login(string email, string password, string? header = null, string? address = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = System.Net.Http.Json.JsonContent.Create(new { user_email = email, password }) };
        if (header is not null)
            request.Headers.Add(header, address);
        return request;
    }

    [Fact]
    public async Task TwelveParallelAttemptsGetAtMostFivePasswordChecks()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var client = stack.Worker.NewClient();
            using var response = await client.Http.SendAsync(Login(owner.Email!, i == 11 ? Client.Password : "wrong password " + i));
            return (response.StatusCode, response.Headers.RetryAfter?.Delta);
        }));
        responses.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests).ShouldBeLessThanOrEqualTo(5);
        responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldAllBe(r => r.Delta!.Value.TotalSeconds >= 1);
    }

    [Fact]
    public async Task OneClientTryingFortyAccountsIsThrottledWhateverItPutsInXForwardedFor()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Login:FailuresPerAddress"] = "30" });
        using var client = worker.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await client.Http.SendAsync(Login($"victim{i}@example.com", "123456", "X-Forwarded-For", $"198.51.100.{i}"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                (await Client.Read(response)).ShouldBeError(HttpStatusCode.TooManyRequests, "try again later");
        }
        statuses.Take(30).ShouldAllBe(s => s == HttpStatusCode.BadRequest);
        statuses.Skip(30).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task WrongPasswordsFromOneAddressDoNotLockTheOwnerOutFromAnother()
    {
        // As behind Azure Front Door, whose X-Azure-SocketIP the client cannot set (README "Security model").
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["ClientAddress:Header"] = "X-Azure-SocketIP" });
        using var owner = await worker.NewClient().SignUpAsync();
        using var attacker = worker.NewClient();
        for (var i = 0; i < 8; i++)
            await attacker.Http.SendAsync(Login(owner.Email!, "guess " + i, "X-Azure-SocketIP", "198.51.100.66"));
        using var locked = await attacker.Http.SendAsync(Login(owner.Email!, Client.Password, "X-Azure-SocketIP", "198.51.100.66"));
        (await Client.Read(locked)).ShouldBeError(HttpStatusCode.TooManyRequests);

        using var fromHome = await owner.Http.SendAsync(Login(owner.Email!, Client.Password, "X-Azure-SocketIP", "203.0.113.5"));
        (await Client.Read(fromHome)).ShouldBeSuccess();
    }
}
