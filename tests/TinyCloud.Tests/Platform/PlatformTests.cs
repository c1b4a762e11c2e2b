using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TinyCloud.Functions;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Platform;

[Collection(Areas.Accounts)]
public sealed class PlatformTests(Stack stack)
{
    [Fact]
    public async Task HealthReportsBothBackendsReachable()
    {
        using var client = stack.Worker.NewClient();
        var response = await client.GetAsync("/api/health");
        response.ShouldBeSuccess();
        response.Body["mongo"]!.GetValue<string>().ShouldBe("ok");
        response.Body["blob"]!.GetValue<string>().ShouldBe("ok");
    }

    [Fact]
    public async Task AnUnknownRouteIsA404Envelope()
    {
        using var client = stack.Worker.NewClient();
        (await client.GetAsync("/api/no-such-service/thing")).ShouldBeError(HttpStatusCode.NotFound, "No such route");
    }

    [Fact]
    public async Task AWrongMethodIsA405Envelope()
    {
        using var client = stack.Worker.NewClient();
        (await client.GetAsync("/api/user-service/login")).ShouldBeError(HttpStatusCode.MethodNotAllowed, "not allowed");
    }

    [Fact]
    public async Task WhenMongoDbIsUnreachableRequestsGet503WithinABoundedTime()
    {
        var closedPort = ChildProcess.FreePort();
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Mongo:ConnectionString"] = $"mongodb://127.0.0.1:{closedPort}/?directConnection=true",
        }, untilHealthy: false);
        using var client = worker.NewClient();
        var clock = Stopwatch.StartNew();
        var register = await client.PostAsync("/api/user-service/register",
            new { user_email = "down@example.com", password = "12345678", user_name = "downuser" });
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        register.ShouldBeError(HttpStatusCode.ServiceUnavailable, "unreachable");

        var health = await client.GetAsync("/api/health");
        health.ShouldBeError(HttpStatusCode.ServiceUnavailable, "mongo");
        health.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe("mongo");
    }

    [Fact]
    public async Task WhenBlobStorageIsUnreachableFileRoutesAndHealthGet503()
    {
        var closedPort = ChildProcess.FreePort();
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Blob:ConnectionString"] = stack.Backends.BlobConnectionString.Replace(
                $"127.0.0.1:{stack.Backends.AzuritePort}", $"127.0.0.1:{closedPort}", StringComparison.Ordinal),
        }, untilHealthy: false);
        // Health cannot say so while blob storage is down: wait until MongoDB and its indexes are in place.
        using (var probe = worker.NewClient())
            await Eventually.ShouldHoldAsync(async () => (await probe.PostAsync("/api/user-service/login",
                new { user_email = "nobody@example.com", password = "not-the-password" })).Status.ShouldBe(HttpStatusCode.BadRequest));
        using var client = await worker.NewClient().SignUpAsync();
        var clock = Stopwatch.StartNew();
        (await client.UploadAsync("/a.bin", [1, 2, 3])).ShouldBeError(HttpStatusCode.ServiceUnavailable, "Blob storage is unreachable");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        (await client.QuotaAsync()).Used.ShouldBe(0);
        (await client.LayerAsync()).ShouldBeEmpty();
        (await client.GetAsync("/api/health")).ShouldBeError(HttpStatusCode.ServiceUnavailable, "blob");
    }

    [Theory]
    [InlineData("Mongo:ConnectionString", "", "Mongo:ConnectionString")]
    [InlineData("Blob:ConnectionString", "", "Blob:ConnectionString")]
    [InlineData("Auth:JwtSecret", "short-secret", "Auth:JwtSecret")]
    [InlineData("Blob:DeleteAttemptSeconds", "0", "Blob:DeleteAttemptSeconds")]
    public async Task AMissingOrWeakSettingStopsStartUpNamingTheKey(string key, string value, string named)
    {
        (await stack.StartupFailureAsync(key, value)).ShouldContain(named);
    }
}
