using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// One message of the events queue: a user's pending events to dispatch (<c>user</c>), one event to dispatch
/// (<c>event</c>, the shape of earlier releases: its user's pending events are dispatched), one webhook attempt
/// (<c>delivery</c>), or the hour's mail about one link (<c>link-mail</c>). Small JSON, base64 in the queue as the
/// Functions host expects.
/// </summary>
public sealed record EventMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("event_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EventId = null,
    [property: JsonPropertyName("webhook_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WebhookId = null,
    [property: JsonPropertyName("attempt")] int Attempt = 0,
    [property: JsonPropertyName("user_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? UserId = null)
{
    public const string User = "user";
    public const string Fanout = "event";
    public const string Delivery = "delivery";
    public const string LinkMail = "link-mail";

    public static EventMessage ForUser(long userId) => new(User, UserId: userId);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static EventMessage? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<EventMessage>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The Storage queue events travel through (Azurite's queue service locally); created at first use.</summary>
public sealed class EventQueue(IOptions<ActivityOptions> options, IOptions<BlobOptions> blob)
{
    private readonly Lazy<QueueClient> _queue = new(() => new QueueClient(
        options.Value.QueueConnection is { Length: > 0 } own ? own : blob.Value.ConnectionString, options.Value.QueueName,
        new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
    private volatile bool _created;

    public QueueClient Client => _queue.Value;

    public async Task SendAsync(EventMessage message, TimeSpan delay, CancellationToken ct)
    {
        if (!_created)
        {
            await Client.CreateIfNotExistsAsync(cancellationToken: ct);
            _created = true;
        }
        await Client.SendMessageAsync(message.ToJson(), delay > TimeSpan.Zero ? delay : null, TimeSpan.FromDays(7), ct);
    }
}
