using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// Deliveries of events to one endpoint. The dispatcher hands over a batch: its first attempts are made in order, in
/// that invocation. A failure schedules the next attempt as a new queue message that stays invisible for the back-off
/// (<see cref="WebhookOptions.RetryDelaysSeconds"/>), and the rest of the batch (or whatever is left once
/// <see cref="InlineBudget"/> is spent) goes on as messages of their own, so one slow endpoint neither holds the batch
/// nor the others. Every attempt carries the event's id (<c>webhook-id</c>), so a receiver that got it before can
/// tell. A run of <see cref="WebhookOptions.DisableAfterFailures"/> failed attempts disables the endpoint and mails
/// its owner.
/// </summary>
public sealed class WebhookDeliverer(
    ActivityStore events, WebhookStore webhooks, WebhookDeliveryLog log, WebhookClient client, WebhookSecrets secrets, EventQueue queue,
    UserStore users, ActivityMail mail, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDeliverer> logger)
{
    public static readonly TimeSpan InlineBudget = TimeSpan.FromSeconds(60);

    /// <summary>First attempts of a batch of events to one endpoint; successes are logged in one write.</summary>
    public async Task DeliverAsync(WebhookDocument hook, IReadOnlyList<ActivityEvent> batch, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var delivered = new List<WebhookDeliveryRecord>();
        var next = 0;
        try
        {
            for (; next < batch.Count && Stopwatch.GetElapsedTime(started) < InlineBudget; next++)
            {
                var (record, result) = await PostAsync(hook, batch[next], 1, ct);
                if (!result.Succeeded)
                {
                    await FailedAsync(hook, batch[next++], record, ct);
                    break;
                }
                delivered.Add(record);
            }
            for (; next < batch.Count; next++)
                await queue.SendAsync(new EventMessage(EventMessage.Delivery, batch[next].EventId, hook.Id, 1), TimeSpan.Zero, ct);
        }
        finally
        {
            if (delivered.Count > 0)
            {
                await log.AddAsync(delivered, CancellationToken.None);
                if (hook.ConsecutiveFailures > 0)
                    await webhooks.SucceededAsync(hook.Id, CancellationToken.None);
            }
        }
    }

    /// <summary>One attempt of a queued delivery (a retry, or a first attempt the dispatcher handed on).</summary>
    public async Task AttemptAsync(ObjectId eventId, string webhookId, int attempt, CancellationToken ct)
    {
        if (await events.FindAsync(eventId, ct) is not { } activity)
            return;
        if (await webhooks.FindAsync(activity.UserId, webhookId, ct) is not { Enabled: true } hook)
            return;
        var (record, result) = await PostAsync(hook, activity, attempt, ct);
        if (!result.Succeeded)
        {
            await FailedAsync(hook, activity, record, ct);
            return;
        }
        await log.AddAsync([record], ct);
        await webhooks.SucceededAsync(hook.Id, ct);
    }

    private async Task<(WebhookDeliveryRecord, AttemptResult)> PostAsync(WebhookDocument hook, ActivityEvent activity, int attempt, CancellationToken ct)
    {
        var body = EventDispatcher.Payload(activity);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var result = secrets.Open(hook.Id, hook.Secret) is { } secret
            ? await client.PostAsync(hook.Url, WebhookSignature.Headers(secret, activity.EventId, timestamp, body), body, ct)
            : new AttemptResult(false, null, "the endpoint's signing secret cannot be opened (Webhooks:EncryptionKey missing or changed)", 0);
        return (new WebhookDeliveryRecord
        {
            Id = ObjectId.GenerateNewId(), WebhookId = hook.Id, UserId = hook.UserId, EventId = activity.EventId, EventType = activity.Kind,
            Attempt = attempt, Succeeded = result.Succeeded, Status = result.Status, Error = result.Error, LatencyMs = result.LatencyMs,
            At = clock.GetUtcNow().UtcDateTime,
        }, result);
    }

    private async Task FailedAsync(WebhookDocument hook, ActivityEvent activity, WebhookDeliveryRecord record, CancellationToken ct)
    {
        var attempt = record.Attempt;
        var failures = await webhooks.FailedAsync(hook.Id, ct);
        var retry = failures < options.Value.DisableAfterFailures ? options.Value.RetryDelay(attempt) : null;
        record.NextAttemptAt = retry is { } wait ? record.At + wait : null;
        await log.AddAsync([record], ct);
        logger.LogInformation("Webhook {WebhookId} attempt {Attempt} of event {EventId} failed ({Status}); {Failures} in a row",
            hook.Id, attempt, activity.EventId, record.Status, failures);
        if (failures >= options.Value.DisableAfterFailures)
        {
            if (await webhooks.TryDisableAsync(hook.Id, ct) && await users.FindByIdAsync(hook.UserId, ct) is { } owner)
            {
                logger.LogWarning("Webhook {WebhookId} of user {UserId} disabled after {Failures} failures", hook.Id, hook.UserId, failures);
                await mail.WebhookDisabledAsync(owner, hook.Url, failures, ct);
            }
            return;
        }
        if (retry is { } delay)
            await queue.SendAsync(new EventMessage(EventMessage.Delivery, activity.EventId, hook.Id, attempt + 1), delay, ct);
    }
}
