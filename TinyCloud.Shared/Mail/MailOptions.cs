namespace TinyCloud.Shared.Mail;

public enum MailTls
{
    /// <summary>MailKit decides: implicit TLS on port 465, STARTTLS when the server offers it elsewhere.</summary>
    Auto,
    /// <summary>Plain SMTP (a local test server such as smtp4dev).</summary>
    None,
    /// <summary>STARTTLS, required (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Implicit,
}

/// <summary>
/// Section <c>Mail</c>: the SMTP relay mail goes out through. Unset <see cref="Host"/> means no mail: messages are not
/// written, and email verification is off.
/// </summary>
public sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public MailTls Tls { get; set; } = MailTls.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, e.g. <c>Tiny Cloud &lt;no-reply@example.com&gt;</c>.</summary>
    public string From { get; set; } = "";
    /// <summary>Where the web client is served (links in mail point there), e.g. <c>https://cloud.example.com</c>.</summary>
    public string PublicBaseUrl { get; set; } = "";
    /// <summary>Attempts per message before it is given up (and shown to the admin as failed).</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The wait after a first failed attempt; each later one doubles it, up to six hours.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Connect, authenticate and send, at most this long per message.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public static readonly TimeSpan MaxRetry = TimeSpan.FromHours(6);

    /// <summary>How long to wait after attempt number <paramref name="attempts"/> failed.</summary>
    public TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Clamp(attempts - 1, 0, 20)));

    /// <summary>An absolute link into the web client: <c>{PublicBaseUrl}/client/{path}</c>.</summary>
    public string Link(string pathAndFragment) => PublicBaseUrl.TrimEnd('/') + "/client/" + pathAndFragment;
}
