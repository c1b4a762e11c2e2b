using Microsoft.Azure.Functions.Worker;
using TinyCloud.Shared.Activity;

namespace TinyCloud.Functions.Activity;

/// <summary>
/// The queue trigger: each message of the events queue (an event to fan out, a webhook attempt, a link's summary
/// mail). An exception leaves the message to the host, which makes it visible again and, at its fifth dequeue
/// (host.json <c>maxDequeueCount</c>), moves it to <c>{queue}-poison</c>.
/// </summary>
public sealed class DispatchEvents(EventDispatcher dispatcher)
{
    [Function(nameof(DispatchEvents))]
    public Task Run(
        [QueueTrigger("%Activity:QueueName%", Connection = "Activity:QueueConnection")] string message,
        CancellationToken ct) => dispatcher.HandleAsync(message, ct);
}
