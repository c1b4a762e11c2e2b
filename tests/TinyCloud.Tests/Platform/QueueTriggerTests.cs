using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Platform;

/// <summary>
/// The Functions host emulator's queue trigger (the app's DispatchEvents, on a queue of the test's own), with the
/// build's host.json: polling at most 2 s apart, visibilityTimeout 0, maxDequeueCount 5.
/// </summary>
[Collection(Areas.Maintenance)]
public sealed partial class QueueTriggerTests(Stack stack)
{
    private async Task<(Worker Worker, QueueClient Queue, QueueClient Poison)> StartAsync()
    {
        var name = "qt" + Guid.NewGuid().ToString("N")[..12];
        var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Activity:QueueName"] = name });
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var queue = new QueueClient(stack.Backends.BlobConnectionString, name, options);
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return (worker, queue, new QueueClient(stack.Backends.BlobConnectionString, name + "-poison", options));
    }

    private static int Count(Worker worker, string outcome) => ExecutedPattern().Matches(worker.Output).Count(m => m.Groups[1].Value == outcome);

    [GeneratedRegex(@"Executed 'DispatchEvents' \((Succeeded|Failed)")]
    private static partial Regex ExecutedPattern();

    [Fact]
    public async Task AMessageIsProcessedOnceAndDeleted()
    {
        var (worker, queue, poison) = await StartAsync();
        await using var _ = worker;
        // An event id that names no event: the function succeeds without doing anything.
        await queue.SendMessageAsync("""{"type":"event","event_id":"evt_000000000000000000000000"}""", TestContext.Current.CancellationToken);

        await Eventually.ShouldHoldAsync(() => Count(worker, "Succeeded").ShouldBe(1));
        await Eventually.ShouldHoldAsync(async () =>
            (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount.ShouldBe(0));
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than the longest poll interval: it does not come back
        (Count(worker, "Succeeded"), Count(worker, "Failed")).ShouldBe((1, 0));
        (await poison.ExistsAsync()).Value.ShouldBeFalse();
    }

    [Fact]
    public async Task AFailingMessageIsTriedFiveTimesThenPoisoned()
    {
        var (worker, queue, poison) = await StartAsync();
        await using var _ = worker;
        await queue.SendMessageAsync("not one of ours", TestContext.Current.CancellationToken);

        await Eventually.ShouldHoldAsync(async () =>
        {
            (await poison.ExistsAsync()).Value.ShouldBeTrue();
            (await poison.PeekMessagesAsync(10)).Value.ShouldHaveSingleItem().Body.ToString().ShouldBe("not one of ours");
        }, TimeSpan.FromSeconds(60));
        (Count(worker, "Succeeded"), Count(worker, "Failed")).ShouldBe((0, 5));
        // As the host does, the message is added to the poison queue first, then deleted from its own.
        await Eventually.ShouldHoldAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount.ShouldBe(0));
        worker.Output.ShouldContain($"Moving message to queue '{poison.Name}'");
    }
}
