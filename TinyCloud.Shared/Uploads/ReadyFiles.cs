using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Uploads;

/// <summary>The bytes an upload wrote, whole: where they are, how many, their MD5 and SHA-256 and the content type the file gets.</summary>
public sealed record FileBytes(string? Blob, long Size, byte[] Md5, byte[] Sha256, string MimeType);

/// <summary>The database stopped answering while a file was made ready: whether it was is not known.</summary>
public sealed class UploadOutcomeUnknownException(Exception inner)
    : TimeoutException("The database did not confirm whether the file was made ready.", inner);

/// <summary>
/// The last step of every upload: the pending entry becomes the ready file and its reservation becomes usage. If the
/// folder was deleted while the bytes arrived, the file goes with it. A database that stalls or drops the connection
/// at that moment may have applied the update without answering, so both steps are sent again (each is safe to repeat)
/// until they are confirmed, for up to <see cref="OutcomePatience"/>: a file that became ready is answered as such,
/// with its quota settled at once.
/// </summary>
public sealed class ReadyFiles(
    EntryStore entries, DriveTree tree, EntryRemover remover, QuotaStore quota, TimeProvider clock, ILogger<ReadyFiles> logger)
{
    public static readonly TimeSpan OutcomePatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Makes <paramref name="pending"/> ready with <paramref name="bytes"/> (pointing at <see cref="FileBytes.Blob"/> when
    /// given) and settles <paramref name="reserved"/> into usage; false when it is gone, already ready or taken by a removal.
    /// On true, <paramref name="pending"/> is updated to what was stored. Throws <see cref="UploadOutcomeUnknownException"/>
    /// when the database did not answer within <see cref="OutcomePatience"/>.
    /// </summary>
    public async Task<bool> TryMarkReadyAsync(EntryDocument pending, FileBytes bytes, long reserved, CancellationToken ct)
    {
        // Milliseconds, as stored (BSON dates), so the entry answered now is the one read later.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var md5 = Convert.ToHexStringLower(bytes.Md5);
        var sha256 = Convert.ToHexStringLower(bytes.Sha256);
        var started = clock.GetTimestamp();
        var marked = await PatientlyAsync(started, async t =>
            await entries.MarkReadyAsync(pending.UserId, pending.Id, bytes.Blob, bytes.Size, md5, sha256, bytes.MimeType, now, t)
            // Not pending any more: gone, or made ready by an earlier attempt whose answer was lost (its time is ours).
            // A parallel completion of the same bytes in the same millisecond seals them under another name: the blob
            // name tells its write from ours, so the loser gives its copy up instead of keeping an orphan.
            || await entries.FindByIdAsync(pending.Id, t) is { State: EntryState.Ready, RemovedBy: null } ready
                && ready.Md5 == md5 && ready.ModifiedAt == now && (bytes.Blob is null || ready.Blob == bytes.Blob), ct);
        if (!marked)
            return false;
        // The file is in: from here on the request succeeds (see AfterCommit); the settlement is sent until it is
        // confirmed, so the quota is right at once, and only a longer outage leaves it to TempCleanup's quota step.
        await AfterCommit.TryAsync(() => PatientlyAsync(started, async t =>
            {
                await quota.SettleOnceAsync(pending.UserId, pending.Id, reserved, bytes.Size, t);
                return true;
            }, ct),
            logger, "settle the upload's quota", pending.UserId);
        (pending.State, pending.SizeBytes, pending.Md5, pending.MimeType, pending.ModifiedAt, pending.ReservedBytes, pending.ExpiresAt) =
            (EntryState.Ready, bytes.Size, md5, bytes.MimeType, now, 0, null);
        (pending.Sha256, pending.ExpectedSha256) = (sha256, null);
        pending.Blob = bytes.Blob ?? pending.Blob;
        return true;
    }

    /// <summary>
    /// Runs a step that is safe to repeat until the database answers it, each try within <see cref="AttemptLimit"/>. A
    /// throttle (16500) means the command did not run: answered at once (429) unless an earlier try went unanswered.
    /// </summary>
    private async Task<bool> PatientlyAsync(long started, Func<CancellationToken, Task<bool>> step, CancellationToken ct)
    {
        var unanswered = false;
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(AttemptLimit);
            try
            {
                return await step(attempt.Token);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && (Unanswered(ex) || unanswered && Throttles.IsThrottle(ex)))
            {
                unanswered = true;
                if (clock.GetElapsedTime(started) >= OutcomePatience)
                    throw new UploadOutcomeUnknownException(ex);
                logger.LogWarning(ex, "The database did not answer the end of an upload; asking again");
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, ct);
            }
        }
    }

    /// <summary>The database may have applied the command without answering (a throttle, by contrast, means it did not run).</summary>
    public static bool Unanswered(Exception ex) =>
        ex is OperationCanceledException or TimeoutException or MongoConnectionException or MongoExecutionTimeoutException;

    /// <summary>
    /// The ready file where it is now, through <paramref name="folder"/> when the chain to its folder is known; null
    /// (and the file removed) when its folder was deleted while it was uploaded.
    /// </summary>
    public async Task<Located?> LocateAsync(EntryDocument file, IReadOnlyList<EntryDocument>? folder, CancellationToken ct)
    {
        var located = folder is null ? await tree.LocateAsync(file, ct) : await tree.RelocateAsync(folder, file, ct);
        if (located is null)
            await remover.RemoveSubtreeAsync(file, CancellationToken.None);
        return located;
    }

    /// <summary>Where a file is now; null when it is no longer reachable (nothing is removed).</summary>
    public Task<Located?> WhereAsync(EntryDocument file, CancellationToken ct) => tree.LocateAsync(file, ct);

    public Task<EntryDocument?> FindAsync(MongoDB.Bson.ObjectId id, CancellationToken ct) => entries.FindByIdAsync(id, ct);
}
