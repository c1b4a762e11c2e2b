using System.Net;
using System.Net.Http.Json;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Maintenance;

/// <summary>TempCleanup as the timer function it is: the host runs it on Cleanup:Schedule, or now through its admin endpoint.</summary>
[Collection(Areas.Maintenance)]
public sealed class TempCleanupTimerTests(Stack stack)
{
    [Fact]
    public async Task TheHostRunsTempCleanupOnItsSchedule()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Cleanup:Schedule"] = "* * * * * *" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/old.bin", [1, 2, 3], "temporary")).ShouldBeSuccess();
        await worker.AgeAsync(await client.UserIdAsync(), TimeSpan.FromHours(25));

        // The run removes the entries first and frees their bytes after: both, eventually.
        await Eventually.ShouldHoldAsync(async () =>
        {
            (await client.LayerAsync("/", "temporary")).ShouldBeEmpty();
            (await client.QuotaAsync()).Used.ShouldBe(0);
        });
    }

    [Fact]
    public async Task TheHostsAdminEndpointRunsTempCleanupNow()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/old.bin", [1, 2, 3], "temporary")).ShouldBeSuccess();
        await stack.Worker.AgeAsync(await client.UserIdAsync(), TimeSpan.FromHours(25));
        (await client.LayerAsync("/", "temporary")).Count.ShouldBe(1);

        using var admin = new HttpClient { BaseAddress = stack.Worker.BaseAddress };
        using var response = await admin.PostAsync("/admin/functions/TempCleanup", JsonContent.Create(new { input = "" }));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.ShouldHoldAsync(async () => (await client.LayerAsync("/", "temporary")).ShouldBeEmpty());
        // The host logs every invocation with its reason: this worker's only run of TempCleanup was the one asked for.
        stack.Worker.Output.ShouldContain("Executing 'TempCleanup' (Reason='manual run via admin API'");
        stack.Worker.Output.ShouldNotContain("Executing 'TempCleanup' (Reason='Timer fired", customMessage: "the schedule alone never runs it");
    }

    [Fact]
    public async Task TheAdminEndpointAnswers404ForAFunctionTheAppDoesNotHave()
    {
        using var admin = new HttpClient { BaseAddress = stack.Worker.BaseAddress };
        var (status, body) = await Client.Read(await admin.PostAsync("/admin/functions/NoSuchFunction", JsonContent.Create(new { input = "" })));
        (status, body["result"]!.GetValue<string>()).ShouldBe((HttpStatusCode.NotFound, "error"));
    }
}
