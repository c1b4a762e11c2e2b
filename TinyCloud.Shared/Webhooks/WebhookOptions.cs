namespace TinyCloud.Shared.Webhooks;

/// <summary>Section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public int MaxPerUser { get; set; } = 5;
    /// <summary>
    /// The wait before each retry of a failed delivery: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, about 28 hours in all
    /// (the Standard Webhooks schedule); a delivery is given up after the last. Seconds, comma-separated (a string: the
    /// configuration binder would append a configured list to a default one).
    /// </summary>
    public string RetryDelaysSeconds { get; set; } = "5,300,1800,7200,18000,36000,36000";
    /// <summary>Failed attempts in a row (across events) after which an endpoint is disabled and its owner mailed.</summary>
    public int DisableAfterFailures { get; set; } = 20;
    public int TimeoutSeconds { get; set; } = 10;
    /// <summary>At most this much of a receiver's answer is read (and the first 200 characters kept in the log).</summary>
    public int MaxResponseBytes { get; set; } = 4096;
    /// <summary>
    /// Local runs and tests only: allows http:// and loopback targets (never private ranges). The worker refuses to
    /// start with it when it runs in Azure (WEBSITE_INSTANCE_ID is set).
    /// </summary>
    public bool AllowLocalTargets { get; set; }
    /// <summary>
    /// The key signing secrets are encrypted with at rest (<see cref="WebhookSecrets"/>; at least 32 bytes, not the JWT
    /// secret). Unset: secrets are stored as they are.
    /// </summary>
    public string EncryptionKey { get; set; } = "";
    /// <summary>How long the delivery log keeps an attempt.</summary>
    public int DeliveryLogDays { get; set; } = 30;

    public IReadOnlyList<int>? RetryDelays =>
        RetryDelaysSeconds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is var parts
        && parts.All(p => int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 7 * 24 * 3600)
            ? parts.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : null;

    public TimeSpan? RetryDelay(int attempt) => RetryDelays is { } delays && attempt >= 1 && attempt <= delays.Count
        ? TimeSpan.FromSeconds(delays[attempt - 1])
        : null;

    public static bool RunsInAzure => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"));
}
