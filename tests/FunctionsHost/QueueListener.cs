using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace FunctionsHost;

/// <summary>
/// Runs queueTrigger functions as the Storage Queues extension does: polls each queue, at once again after a batch and
/// with a randomized exponential back-off up to maxPollingInterval while it is empty; takes up to batchSize messages
/// at a time, invisible for 10 minutes (renewed while the function runs), and fetches more once fewer than
/// newBatchThreshold are in flight. Success deletes a message; a failure makes it visible again after
/// visibilityTimeout, and a message whose dequeueCount reached maxDequeueCount goes to <c>{queue}-poison</c>.
/// </summary>
public sealed class QueueListener(HostState state, WorkerEnvironment env, ScriptRoot root, InvocationRunner runner, ILogger<QueueListener> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await state.FunctionsLoaded.WaitAsync(stoppingToken);
        var listeners = new List<Task>();
        foreach (var function in state.Functions.Where(f => f.QueueTrigger is not null && !env.IsDisabled(f.Name)))
        {
            var binding = function.QueueTrigger!;
            try
            {
                var name = env.Resolve(FunctionDescriptor.Str(binding, "queueName") ?? "");
                var connection = Connection(FunctionDescriptor.Str(binding, "connection"));
                var encoding = new QueueClientOptions { MessageEncoding = root.Queues.Base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None };
                var queue = new QueueClient(connection, name, encoding);
                var poison = new QueueClient(connection, name + "-poison", encoding);
                listeners.Add(ListenAsync(function, queue, poison, stoppingToken));
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
            {
                log.LogError("Queue function {Function} cannot listen: {Error}; it will not run", function.Name, ex.Message);
            }
        }
        await Task.WhenAll(listeners);
    }

    /// <summary>The connection setting, looked up as the host does: the name, AzureWebJobs{name}, ConnectionStrings:{name}.</summary>
    private string Connection(string? setting)
    {
        var name = string.IsNullOrEmpty(setting) ? "Storage" : setting;
        foreach (var candidate in new[] { name, "AzureWebJobs" + name, "ConnectionStrings:" + name })
            foreach (var key in new[] { candidate, candidate.Replace(":", "__", StringComparison.Ordinal) })
                if (env.Values.TryGetValue(key, out var value) && value.Length > 0)
                    return value;
        throw new InvalidOperationException($"Storage account connection string '{name}' does not exist");
    }

    private async Task ListenAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, CancellationToken stoppingToken)
    {
        var options = root.Queues;
        var delay = QueueOptions.MinPollingInterval;
        var inFlight = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(options.BatchSize, QueueOptions.ProcessingVisibility, stoppingToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                messages = []; // no queue yet: polled like an empty one
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
            {
                log.LogWarning("Polling queue {Queue} failed: {Error}", queue.Name, ex.Message);
                messages = [];
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            foreach (var message in messages)
                inFlight.Add(ProcessAsync(function, queue, poison, message, stoppingToken));
            if (messages.Length > 0)
            {
                delay = QueueOptions.MinPollingInterval;
                // The next batch once fewer than newBatchThreshold messages are still being processed.
                while (inFlight.Count > options.NewBatchThreshold)
                {
                    await Task.WhenAny(inFlight);
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
                continue;
            }
            inFlight.RemoveAll(t => t.IsCompleted);
            try
            {
                await Task.Delay(Jitter(delay), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(options.MaxPollingInterval.Ticks, delay.Ticks * 2));
        }
        await Task.WhenAll(inFlight);
    }

    // ±20 %, so hosts polling one queue drift apart, as the extension's randomized back-off does.
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + Random.Shared.NextDouble() * 0.4);

    private async Task ProcessAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var options = root.Queues;
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, message.PopReceipt, stoppingToken);
                return;
            }
            bool succeeded;
            var receipt = new PopReceipt(message.PopReceipt);
            using (var renewal = new CancellationTokenSource())
            {
                var renewing = RenewAsync(queue, message.MessageId, receipt, renewal.Token);
                succeeded = await runner.RunAsync(function, id => Invocations.ForQueue(function, id, message),
                    $"New queue message detected on '{queue.Name}'.");
                await renewal.CancelAsync();
                await renewing;
            }
            if (succeeded)
                await queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None);
            else if (message.DequeueCount >= options.MaxDequeueCount)
                await MoveToPoisonAsync(queue, poison, message, receipt.Value, CancellationToken.None);
            else
                await queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: options.VisibilityTimeout,
                    cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            log.LogDebug("Queue message {MessageId} was taken over or is gone: {Error}", message.MessageId, ex.Message);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            log.LogWarning("Completing queue message {MessageId} failed: {Error}", message.MessageId, ex.Message);
        }
    }

    /// <summary>Keeps the message invisible while the function runs (every half of the 10 minutes).</summary>
    private static async Task RenewAsync(QueueClient queue, string messageId, PopReceipt receipt, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(QueueOptions.ProcessingVisibility / 2, ct);
                var updated = await queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: QueueOptions.ProcessingVisibility, cancellationToken: ct);
                receipt.Value = updated.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) { }
        catch (RequestFailedException) { }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt, CancellationToken ct)
    {
        log.LogWarning("Message has reached MaxDequeueCount of {MaxDequeueCount}. Moving message to queue '{Poison}'.",
            root.Queues.MaxDequeueCount, poison.Name);
        await poison.CreateIfNotExistsAsync(cancellationToken: ct);
        await poison.SendMessageAsync(message.Body, cancellationToken: ct);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, ct);
    }

    private sealed class PopReceipt(string value)
    {
        public string Value { get; set; } = value;
    }
}
