using System.Text.Json.Nodes;
using System.Xml;

namespace FunctionsHost;

/// <summary>
/// host.json's <c>extensions.queues</c>, with the Storage Queues extension's defaults: batchSize 16, newBatchThreshold
/// batchSize/2, maxPollingInterval 1 min, visibilityTimeout 0 (a failed message is visible again at once),
/// maxDequeueCount 5, messageEncoding base64.
/// </summary>
public sealed record QueueOptions(int BatchSize, int NewBatchThreshold, TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout,
    int MaxDequeueCount, bool Base64)
{
    /// <summary>The shortest wait between polls of an empty queue (the extension's QueuePollingIntervals.Minimum).</summary>
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    /// <summary>How long a message being processed stays invisible; renewed at half of it while the function runs.</summary>
    public static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(10);

    public static QueueOptions From(JsonObject? queues)
    {
        var batch = Math.Clamp(Int(queues, "batchSize") ?? 16, 1, 32);
        return new QueueOptions(batch, Int(queues, "newBatchThreshold") ?? batch / 2,
            Time(queues, "maxPollingInterval") ?? TimeSpan.FromMinutes(1), Time(queues, "visibilityTimeout") ?? TimeSpan.Zero,
            Int(queues, "maxDequeueCount") ?? 5,
            !string.Equals(queues?["messageEncoding"]?.GetValue<string>(), "none", StringComparison.OrdinalIgnoreCase));
    }

    private static int? Int(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue(out int i) ? i : null;

    // host.json times are "hh:mm:ss" (TimeSpan) or, for maxPollingInterval, milliseconds as a number.
    private static TimeSpan? Time(JsonObject? o, string key) => o?[key] switch
    {
        JsonValue v when v.TryGetValue(out string? s) && TimeSpan.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var t) => t,
        JsonValue v when v.TryGetValue(out string? s) => XmlConvert.ToTimeSpan(s),
        JsonValue v when v.TryGetValue(out long ms) => TimeSpan.FromMilliseconds(ms),
        _ => null,
    };
}
