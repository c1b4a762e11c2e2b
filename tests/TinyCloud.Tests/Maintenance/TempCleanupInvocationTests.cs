using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TinyCloud.Functions.Maintenance;
using TinyCloud.Functions.Platform;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Maintenance;

/// <summary>The custom-handler contract: the Functions host POSTs the timer invocation to /TempCleanup.</summary>
[Collection(StackCollection.Name)]
public sealed class TempCleanupInvocationTests(Stack stack)
{
    // As the host sends it: the timer binding serialized into a string.
    private const string HostPayload = """
        {"Data":{"timer":"{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2025-01-01T00:00:00+00:00\",\"Next\":\"2025-01-01T01:00:00+00:00\",\"LastUpdated\":\"2025-01-01T00:00:00+00:00\"},\"IsPastDue\":false}"},
         "Metadata":{"sys":{"MethodName":"TempCleanup","UtcNow":"2025-01-01T01:00:00.0123456Z","RandGuid":"6f1c1a4e-0d2b-4c43-9a57-3b1de0b1d7a2"}}}
        """;

    [Fact]
    public async Task UnderTheFunctionsHostTheInvocationRunsTheJobAndAnswersTheInvocationContract()
    {
        var cleanup = await StartUnderHostAsync();
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/old.bin", [1, 2, 3], "temporary")).ShouldBeSuccess();
        cleanup.Clock.Advance(TimeSpan.FromHours(25));
        // Every second would be due by now: under the host the in-process scheduler must stay idle.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        (await client.LayerAsync("/", "temporary")).Count.ShouldBe(1);

        var (status, body) = await InvokeAsync(cleanup, HostPayload);

        status.ShouldBe(HttpStatusCode.OK);
        ShouldBeInvocationAnswer(body);
        body["Logs"]![0]!.GetValue<string>().ShouldContain("purged 1 temporary entries");
        (await client.LayerAsync("/", "temporary")).ShouldBeEmpty();
    }

    [Fact]
    public async Task TimerDataSentAsAnObjectIsAcceptedToo()
    {
        var cleanup = await StartUnderHostAsync();
        var (status, body) = await InvokeAsync(cleanup, """
            {"Data":{"myTimer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}},"Metadata":{}}
            """);
        status.ShouldBe(HttpStatusCode.OK);
        ShouldBeInvocationAnswer(body);
        body["Logs"]![0]!.GetValue<string>().ShouldStartWith("TempCleanup purged 0 temporary entries");
    }

    [Fact]
    public async Task ABodyThatIsNotAnInvocationIsRejectedInTheInvocationShape()
    {
        var cleanup = await StartUnderHostAsync();
        var (status, body) = await InvokeAsync(cleanup, "not json");
        status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeInvocationAnswer(body);
        body["Logs"]![0]!.GetValue<string>().ShouldContain("invocation payload");
    }

    [Fact]
    public void TempCleanupIsTheTimerFunctionScheduledByCleanupSchedule()
    {
        var timer = TimerCatalog.All.Single(t => t.Type == typeof(TempCleanup));
        timer.Name.ShouldBe("TempCleanup");
        timer.ScheduleSetting.ShouldBe("Cleanup:Schedule");
        timer.InvocationRoute.ShouldBe(TempCleanup.Route);
    }

    [Fact]
    public async Task RunOnItsOwnTheWorkerDoesNotServeTheInvocationRoute()
    {
        using var client = stack.Worker.NewClient();
        (await client.PostAsync("/TempCleanup", JsonNode.Parse(HostPayload)!)).ShouldBeError(HttpStatusCode.NotFound, "No such route");
    }

    private Task<CleanupWorker> StartUnderHostAsync() => CleanupWorker.StartAsync(stack, new Dictionary<string, string?>
    {
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = ChildProcess.FreePort().ToString(),
        ["Cleanup:Schedule"] = "* * * * * *",
    });

    private static async Task<(HttpStatusCode Status, JsonNode Body)> InvokeAsync(CleanupWorker cleanup, string payload)
    {
        using var host = cleanup.Worker.NewClient();
        return await Client.Read(await host.Http.PostAsync("/TempCleanup", new StringContent(payload, Encoding.UTF8, "application/json")));
    }

    private static void ShouldBeInvocationAnswer(JsonNode body)
    {
        body.AsObject().Select(p => p.Key).ShouldBe(["Outputs", "Logs", "ReturnValue"]);
        body["Outputs"]!.AsObject().Count.ShouldBe(0);
        body["Logs"]!.AsArray().Count.ShouldBe(1);
        body["ReturnValue"].ShouldBeNull();
    }
}
