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

    /// <summary>
    /// The most one run may spend, in estimated request units (see <see cref="CleanupBudget"/>); unset = 100,000 on
    /// Cosmos DB RU, unlimited elsewhere. What a run leaves undone the next one resumes.
    /// </summary>
    public double? MaxRequestUnitsPerRun { get; set; }

    /// <summary>The average pace of a run, in estimated request units per second; unset = 100 on Cosmos DB RU, 0 (no pacing) elsewhere.</summary>
    public double? RequestUnitsPerSecond { get; set; }

    /// <summary>
    /// How long one run may take, in seconds: 480 stays under host.json's <c>functionTimeout</c> of 10 minutes (the host
    /// kills a run that outlasts it) with room for the page in hand and the summary. A run that stops here says
    /// <c>budget_exhausted</c>, and the next goes on from where it stopped.
    /// </summary>
    public int MaxRunSeconds { get; set; } = 480;

    /// <summary>How many users the quota step re-checks per run beyond those whose usage changed (a rolling audit of all).</summary>
    public int AuditUsersPerRun { get; set; } = 200;

    /// <summary>How many bytes of stored files one run reads again to check their SHA-256 (the bit-rot sample); 0 turns it off.</summary>
    public long BitRotBytesPerRun { get; set; } = 256L * 1024 * 1024;

    public CrontabSchedule? TryParseSchedule() =>
        CrontabSchedule.TryParse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
}
