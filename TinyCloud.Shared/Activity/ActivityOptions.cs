namespace TinyCloud.Shared.Activity;

/// <summary>Section <c>Activity</c>: how long events are kept, and the Storage queue that delivers them.</summary>
public sealed class ActivityOptions
{
    public int RetentionDays { get; set; } = 90;
    /// <summary>The Storage queue events are dispatched through (its poison queue is <c>{name}-poison</c>).</summary>
    public string QueueName { get; set; } = "tinycloud-events";
    /// <summary>Its connection string (the same setting name is the queue trigger's <c>Connection</c>); default Blob:ConnectionString.</summary>
    public string? QueueConnection { get; set; }
    /// <summary>An event still undispatched this long after it was written is enqueued again by TempCleanup.</summary>
    public int RedispatchAfterSeconds { get; set; } = 120;
    /// <summary>Failed sign-ins for one account within <see cref="FailureBurstMinutes"/> that make one "sign-in failures" event.</summary>
    public int FailureBurst { get; set; } = 5;
    public int FailureBurstMinutes { get; set; } = 15;
    /// <summary>Link downloads and received files are mailed at most once per link in this period.</summary>
    public int LinkMailSeconds { get; set; } = 3600;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
