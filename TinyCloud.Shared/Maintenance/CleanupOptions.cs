using NCrontab;

namespace TinyCloud.Shared.Maintenance;

public sealed class TemporaryOptions
{
    public int RetentionHours { get; set; } = 24;
}

public sealed class CleanupOptions
{
    /// <summary>NCRONTAB with six fields (seconds first), in UTC, as the Functions timer trigger reads it.</summary>
    public string Schedule { get; set; } = "0 0 * * * *";

    /// <summary>
    /// How long an upload may still be in flight: orphan-looking blobs and quota drifts younger than this are left
    /// alone, because a live request may be about to account for them.
    /// </summary>
    public int OrphanGraceMinutes { get; set; } = 60;

    public CrontabSchedule? TryParseSchedule() =>
        CrontabSchedule.TryParse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
}
