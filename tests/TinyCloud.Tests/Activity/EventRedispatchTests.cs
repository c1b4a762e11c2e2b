using System.Text.Json.Nodes;
using TinyCloud.Shared.Activity;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Activity;

/// <summary>An event written but never queued (the worker died between the two) is queued by TempCleanup, once.</summary>
[Collection(Areas.Activity)]
public sealed class EventRedispatchTests(Stack stack)
{
    [Fact]
    public async Task TempCleanupQueuesAnEventThatWasWrittenButNeverQueued()
    {
        var clock = new ShiftedClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Webhooks:AllowLocalTargets"] = "true" }, clock: clock);
        using var owner = await worker.NewClient().SignUpAsync();
        var userId = (await owner.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();
        (await owner.PostAsync("/api/activity-service/create-webhook", new { url = receiver.Url(), events = new[] { ActivityKinds.FileUploaded } }))
            .ShouldBeSuccess();
        await ActivityCalls.DispatchedAsync(worker, userId); // the sign-in went its normal way
        // The insert an event site makes, without the enqueue that follows it.
        var orphan = await worker.Get<ActivityStore>().InsertAsync(userId, ActivityKinds.FileUploaded,
            new ActivityDetails(Path: "mere:/lost.txt"), TestContext.Current.CancellationToken);

        var early = await worker.Get<CleanupJob>().TryRunAsync(TestContext.Current.CancellationToken);
        early.ShouldNotBeNull().EventsRequeued.ShouldBe(0, "younger than Activity:RedispatchAfterSeconds: its own message may still come");
        clock.Advance(TimeSpan.FromMinutes(3));
        var summary = await worker.Get<CleanupJob>().TryRunAsync(TestContext.Current.CancellationToken);
        summary.ShouldNotBeNull().EventsRequeued.ShouldBe(1);

        await Eventually.ShouldHoldAsync(() => receiver.Received.ShouldHaveSingleItem().Id.ShouldBe(orphan.EventId));
        await ActivityCalls.DispatchedAsync(worker, userId);
        (await worker.Get<CleanupJob>().TryRunAsync(TestContext.Current.CancellationToken)).ShouldNotBeNull().EventsRequeued.ShouldBe(0);
        JsonNode.Parse(receiver.Received.Single().Body)!["data"]!["path"]!.GetValue<string>().ShouldBe("mere:/lost.txt");
    }
}
