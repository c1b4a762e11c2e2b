using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

[Collection(Areas.Accounts)]
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

    // All wrong: a right password resets its pair (README "Login throttling"), so one among the guesses would let any
    // guess admitted after it finished start over; that is the documented reset, not parallelism getting through.
    [Fact]
    public async Task TwelveParallelWrongPasswordsGetExactlyFivePasswordChecksAndTheRestA429WithRetryAfter()
    {
        for (var trial = 0; trial < 4; trial++)
        {
            using var owner = await stack.Worker.NewClient().SignUpAsync();
            var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
            {
                using var client = stack.Worker.NewClient();
                using var response = await client.Http.SendAsync(Login(owner.Email!, $"wrong password {trial}.{i}"));
                return (Status: response.StatusCode, Wait: response.Headers.RetryAfter?.Delta, Body: await Client.Read(response));
            }));
            answers.Where(a => a.Status != HttpStatusCode.TooManyRequests).ShouldAllBe(a => a.Status == HttpStatusCode.BadRequest);
            answers.Count(a => a.Status == HttpStatusCode.BadRequest).ShouldBe(5, $"trial {trial}");
            foreach (var refused in answers.Where(a => a.Status == HttpStatusCode.TooManyRequests))
            {
                refused.Wait!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
                refused.Body.ShouldBeError(HttpStatusCode.TooManyRequests, "try again later");
            }
            using var right = await owner.Http.SendAsync(Login(owner.Email!, Client.Password));
            (await Client.Read(right)).ShouldBeError(HttpStatusCode.TooManyRequests);
        }
    }

    [Fact]
    public async Task OneClientTryingFortyAccountsIsThrottledWhateverItPutsInXForwardedFor()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Login:FailuresPerAddress"] = "30" });
        using var client = worker.NewClient();
        var statuses = new List<HttpStatusCode>();
        await FixedWindows.StartFreshAsync(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(120)); // Login:Window; 40 bcrypt checks took 35 s once under load
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
