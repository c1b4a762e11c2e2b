using TinyCloud.Shared.Mail;

namespace TinyCloud.Shared.Maintenance;

/// <summary>What one step removed: how many entries, blobs or shares, and how many bytes they held.</summary>
public sealed record StepTally(long Count, long Bytes)
{
    public static readonly StepTally None = new(0, 0);

    public long DurationMs { get; init; }

    public StepTally Add(long count, long bytes) => this with { Count = Count + count, Bytes = Bytes + bytes };
}

/// <summary>
/// The quota step: users checked, drifts seen but not yet old enough to correct, users corrected, and the net
/// change the corrections made to each counter.
/// </summary>
public sealed record QuotaTally(
    long UsersChecked, long DriftsAwaitingConfirmation, long UsersCorrected,
    long UsedBytesCorrected, long ReservedBytesCorrected, long FreeBytesCorrected)
{
    public static readonly QuotaTally None = new(0, 0, 0, 0, 0, 0);

    public long DurationMs { get; init; }
}

public sealed record CleanupSummary(
    StepTally TemporaryPurged,
    StepTally AbandonedUploads,
    RepairTally TreeRepairs,
    StepTally OrphanBlobs,
    QuotaTally Quotas,
    StepTally ExpiredShares,
    long DurationMs)
{
    /// <summary>Names that held only blocks never committed (counted by the orphan pass, so with its duration).</summary>
    public StepTally UncommittedBlobs { get; init; } = StepTally.None;

    /// <summary>Direct uploads' staging containers that no upload referred to any more.</summary>
    public StepTally UploadContainers { get; init; } = StepTally.None;

    /// <summary>The run's estimated spend, in Cosmos DB request units (see <see cref="CleanupBudget"/>).</summary>
    public double RequestUnits { get; init; }

    /// <summary>The run stopped at <see cref="CleanupOptions.MaxRequestUnitsPerRun"/>; the next one goes on from there.</summary>
    public bool BudgetExhausted { get; init; }

    /// <summary>Entries deleted for good after Trash:RetentionDays in the trash (every entry of a trashed folder counts).</summary>
    public StepTally TrashPurged { get; init; } = StepTally.None;

    /// <summary>File versions removed past Drive:VersionDays or Drive:VersionsKept, and their bytes.</summary>
    public StepTally VersionsPruned { get; init; } = StepTally.None;

    /// <summary>The bit-rot sample: files re-hashed, their bytes, SHA-256 mismatches and missing blobs (reported, never changed).</summary>
    public BitRotTally BitRot { get; init; } = BitRotTally.None;

    /// <summary>Entries given the search keys an older version of the worker wrote them without.</summary>
    public StepTally SearchKeysBackfilled { get; init; } = StepTally.None;

    /// <summary>Deleted accounts whose erasure this run finished (a worker died mid-way), and the bytes it freed.</summary>
    public StepTally AccountsErased { get; init; } = StepTally.None;

    /// <summary>Mail sent from the outbox by this run, failed again (to retry) and given up.</summary>
    public MailTally Mail { get; init; } = MailTally.None;

    /// <summary>Messages in the outbox given up on, in all: the admin's to look at (list-failed-mail).</summary>
    public long MailGivenUp { get; init; }

    /// <summary>Activity events written but never dispatched (a crash before the enqueue), put on the events queue again.</summary>
    public long EventsRequeued { get; init; }

    public override string ToString() =>
        $"purged {TemporaryPurged.Count} temporary entries ({TemporaryPurged.Bytes} bytes), " +
        $"{TrashPurged.Count} trashed entries ({TrashPurged.Bytes} bytes), " +
        $"reclaimed {AbandonedUploads.Count} abandoned uploads ({AbandonedUploads.Bytes} bytes reserved), " +
        $"made {TreeRepairs.Total} tree repairs, " +
        $"deleted {OrphanBlobs.Count} orphan blobs ({OrphanBlobs.Bytes} bytes), " +
        $"{UncommittedBlobs.Count} uncommitted blobs ({UncommittedBlobs.Bytes} bytes), " +
        $"{UploadContainers.Count} upload containers ({UploadContainers.Bytes} bytes), " +
        $"corrected {Quotas.UsersCorrected} of {Quotas.UsersChecked} users' quotas " +
        $"({Quotas.DriftsAwaitingConfirmation} drifts awaiting confirmation), " +
        $"dropped {ExpiredShares.Count} expired shares, finished {AccountsErased.Count} deleted accounts, " +
        $"sent {Mail.Sent} mails ({Mail.Retrying} to retry, {MailGivenUp} given up), in {DurationMs} ms";
}
