using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// One delivery attempt of one event to one endpoint. A failure schedules the next attempt as a new queue message
/// that stays invisible for the back-off (<see cref="WebhookOptions.RetryDelaysSeconds"/>); every attempt carries the
/// event's id (<c>webhook-id</c>), so a receiver that got it before can tell. A run of
/// <see cref="WebhookOptions.DisableAfterFailures"/> failed attempts disables the endpoint and mails its owner.
/// </summary>
public sealed class WebhookDeliverer(
    ActivityStore events, WebhookStore webhooks, WebhookDeliveryLog log, WebhookClient client, EventQueue queue, UserStore users,
    ActivityMail mail, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDeliverer> logger)
{
    public async Task AttemptAsync(ObjectId eventId, string webhookId, int attempt, CancellationToken ct)
    {
        if (await events.FindAsync(eventId, ct) is not { } activity)
            return;
        if (await webhooks.FindAsync(activity.UserId, webhookId, ct) is not { Enabled: true } hook)
            return;
        var body = EventDispatcher.Payload(activity);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var result = await client.PostAsync(hook.Url, WebhookSignature.Headers(hook.Secret, activity.EventId, timestamp, body), body, ct);

        var record = new WebhookDeliveryRecord
        {
            Id = ObjectId.GenerateNewId(), WebhookId = hook.Id, UserId = hook.UserId, EventId = activity.EventId, EventType = activity.Kind,
            Attempt = attempt, Succeeded = result.Succeeded, Status = result.Status, Error = result.Error, LatencyMs = result.LatencyMs,
            At = clock.GetUtcNow().UtcDateTime,
        };
        if (result.Succeeded)
        {
            await log.AddAsync(record, ct);
            await webhooks.SucceededAsync(hook.Id, ct);
            return;
        }
        var failures = await webhooks.FailedAsync(hook.Id, ct);
        var retry = failures < options.Value.DisableAfterFailures ? options.Value.RetryDelay(attempt) : null;
        record.NextAttemptAt = retry is { } wait ? record.At + wait : null;
        await log.AddAsync(record, ct);
        logger.LogInformation("Webhook {WebhookId} attempt {Attempt} of event {EventId} failed ({Status}); {Failures} in a row",
            hook.Id, attempt, activity.EventId, result.Status, failures);
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
