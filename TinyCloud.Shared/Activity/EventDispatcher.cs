using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// What the queue trigger does with a message. An event is claimed (so a re-delivered message or TempCleanup's copy
/// does nothing twice), mailed if its owner asked, and fanned out as one delivery message per matching enabled
/// endpoint; then marked dispatched. Unexpected failures throw, and the host retries the message (then poisons it).
/// </summary>
public sealed class EventDispatcher(
    ActivityStore store, EventQueue queue, UserStore users, NotificationSettings notifications, LinkMailWindows windows,
    ActivityMail mail, WebhookStore webhooks, WebhookDeliverer deliverer, IOptions<ActivityOptions> options, ILogger<EventDispatcher> logger)
{
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    public async Task HandleAsync(string text, CancellationToken ct)
    {
        if (EventMessage.Parse(text) is not { } message || !ActivityEvent.TryParseEventId(message.EventId, out var id))
            // Failing leaves it to the host: retried, then kept in the poison queue for someone to look at.
            throw new InvalidDataException("This events queue message is not one of ours: " + (text.Length > 100 ? text[..100] : text));
        switch (message.Type)
        {
            case EventMessage.Fanout:
                await FanOutAsync(id, ct);
                break;
            case EventMessage.Delivery when message.WebhookId is { } webhookId:
                await deliverer.AttemptAsync(id, webhookId, Math.Max(1, message.Attempt), ct);
                break;
            case EventMessage.LinkMail:
                await LinkSummaryAsync(id, ct);
                break;
        }
    }

    private async Task FanOutAsync(MongoDB.Bson.ObjectId id, CancellationToken ct)
    {
        if (await store.TryClaimAsync(id, ClaimFor, ct) is not { } activity)
        {
            logger.LogDebug("Event {EventId} was dispatched already, is being dispatched or expired", "evt_" + id);
            return;
        }
        var user = await users.FindByIdAsync(activity.UserId, ct);
        if (user is { Closing: null })
        {
            await MailAsync(user, activity, ct);
            foreach (var hook in await webhooks.ListAsync(activity.UserId, ct))
                if (hook.Enabled && (activity.OnlyWebhook is null ? hook.Wants(activity.Kind) : activity.OnlyWebhook == hook.Id))
                    await queue.SendAsync(new EventMessage(EventMessage.Delivery, activity.EventId, hook.Id, 1), TimeSpan.Zero, ct);
        }
        await store.DispatchedAsync(id, ct);
    }

    private async Task MailAsync(UserDocument user, ActivityEvent activity, CancellationToken ct)
    {
        if (!await notifications.WantsMailAsync(user.Id, activity.Kind, ct))
            return;
        if (!ActivityKinds.Batched.Contains(activity.Kind) || activity.Link is null)
        {
            await mail.EventAsync(user, activity, ct);
            return;
        }
        var period = TimeSpan.FromSeconds(options.Value.LinkMailSeconds);
        switch (await windows.TakeAsync(user.Id, activity.Link, activity.Kind, period, ct))
        {
            case { } wait when wait <= TimeSpan.Zero:
                await store.MarkMailedAsync(activity.Id, ct);
                await mail.EventAsync(user, activity, ct);
                break;
            case { } wait:
                await queue.SendAsync(new EventMessage(EventMessage.LinkMail, activity.EventId), wait, ct);
                break;
        }
    }

    private async Task LinkSummaryAsync(MongoDB.Bson.ObjectId id, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { Link: { } link } activity || await users.FindByIdAsync(activity.UserId, ct) is not { Closing: null } user)
            return;
        var period = TimeSpan.FromSeconds(options.Value.LinkMailSeconds);
        if (await windows.SummarySentAsync(user.Id, link, activity.Kind, period, ct) is not { } window)
            return;
        // Every event of the link not told yet, from one period before the last mail (an event fanned out after a later
        // one was mailed is still counted); none when they all were.
        var count = await store.TakeUnmailedLinkEventsAsync(user.Id, activity.Kind, link, window.LastMailAt - period, ct);
        if (count > 0)
            await mail.LinkSummaryAsync(user, activity, count, window.LastMailAt, ct);
    }

    /// <summary>The JSON body a webhook receives: Standard Webhooks' <c>type</c>, <c>timestamp</c>, <c>data</c>.</summary>
    public static string Payload(ActivityEvent e) => JsonSerializer.Serialize(new
    {
        type = e.Kind,
        timestamp = e.At.ToString("O"),
        data = new { event_id = e.EventId, user_id = e.UserId, link = e.Link, path = e.Path, address = e.Address, user_agent = e.UserAgent, detail = e.Detail },
    });
}
