using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Shared.Drive;

/// <summary>What a new upload holds while its bytes arrive: a path, a blob name and a quota reservation.</summary>
public sealed record UploadClaim(long UserId, string Field, string Path, string Blob, long ReservedBytes, DateTime ExpiresAt)
{
    public string? MimeType { get; init; }
    public bool DirectUpload { get; init; }
}

/// <summary>
/// The pending entry an upload holds while its bytes arrive (it owns the path and the reservation, and is invisible
/// to listings), and the ways to give everything back when the upload fails or is given up.
/// </summary>
public sealed class PendingUploads(
    EntryStore entries, QuotaStore quota, BlobFiles blobs, TimeProvider clock, ILogger<PendingUploads> logger)
{
    /// <summary>Inserts the pending entry; null when the path is already taken.</summary>
    public async Task<EntryDocument?> TryClaimAsync(UploadClaim claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = claim.UserId, Field = claim.Field, Path = claim.Path,
            Parent = DrivePath.Parent(claim.Path), Name = DrivePath.Name(claim.Path), Kind = EntryKinds.File,
            Blob = claim.Blob, MimeType = claim.MimeType, State = EntryStates.Pending, ReservedBytes = claim.ReservedBytes,
            ExpiresAt = claim.ExpiresAt, DirectUpload = claim.DirectUpload, CreatedAt = now, ModifiedAt = now,
        };
        return await entries.TryInsertAsync(entry, ct) ? entry : null;
    }

    /// <summary>
    /// Undoes an upload that its own request still owns: the pending entry (if any), the blob written (if any) and the
    /// reservation. Whoever deletes a pending entry gives back its reservation, so when the entry is already gone (a
    /// folder delete or TempCleanup took it) the reservation was given back there. Best effort: what cannot be undone
    /// now is left for TempCleanup.
    /// </summary>
    public async Task DiscardAsync(long userId, ObjectId? entryId, string? blob, long reserved)
    {
        try
        {
            var release = entryId is not { } id || await entries.DeletePendingAsync(id, CancellationToken.None);
            if (blob is not null)
                await blobs.DeleteAsync(blob, CancellationToken.None);
            if (release)
                await quota.ReleaseAsync(userId, reserved, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not fully undo failed upload {Blob}; TempCleanup will reconcile", blob);
        }
    }

    /// <summary>
    /// Gives up a pending upload that no request owns (a direct upload being aborted or failing completion). Only the
    /// call that removes the pending entry gives back its reservation, so racing calls never release it twice.
    /// </summary>
    public async Task<bool> TryAbandonAsync(EntryDocument pending, CancellationToken ct)
    {
        if (!await entries.DeletePendingAsync(pending.Id, ct))
            return false;
        await quota.ReleaseAsync(pending.UserId, pending.ReservedBytes, CancellationToken.None);
        return true;
    }
}
