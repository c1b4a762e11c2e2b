using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Uploads;

/// <summary>
/// What a new upload holds while its bytes arrive: a name in a folder (reached through <paramref name="Folder"/>, the
/// chain of entries from the root that the caller resolved), a blob name and a quota reservation.
/// </summary>
public sealed record UploadClaim(
    long UserId, IReadOnlyList<EntryDocument> Folder, string Name, string Blob, long ReservedBytes, DateTime ExpiresAt)
{
    public string? MimeType { get; init; }
    public bool DirectUpload { get; init; }
    /// <summary>The SHA-256 (lower-case hex) the client says the bytes have; checked when they are whole.</summary>
    public string? ExpectedSha256 { get; init; }
    /// <summary>The file a direct upload will replace, and the if_match it was begun with.</summary>
    public MongoDB.Bson.ObjectId? ReplacesId { get; init; }
    public string? ReplaceIfMatch { get; init; }
    /// <summary>The file of an upload-only link's count this upload took; the pending entry holds it once inserted.</summary>
    public LinkSlot? Slot { get; init; }
}

public enum ClaimOutcome
{
    Claimed,
    NameTaken,
    /// <summary>The folder was deleted meanwhile; the claim's reservation has been given back.</summary>
    FolderGone,
}

/// <summary>
/// The pending entry an upload holds while its bytes arrive (it owns the name and the reservation, and is invisible
/// to listings), and the ways to give everything back. The rule that keeps the quota and the links' counts exact:
/// whoever deletes a pending entry gives back its reservation and the link file it holds (if it came through an
/// upload-only link), and whoever deletes a ready file frees its size.
/// </summary>
public sealed class PendingUploads(
    EntryStore entries, DriveTree tree, QuotaStore quota, ShareStore shares, BlobFiles blobs, TimeProvider clock,
    ILogger<PendingUploads> logger)
{
    /// <summary>How long upload-file's claim lasts without a renewal, and how often it is renewed while bytes flow.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan ClaimRenewal = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Inserts the pending entry. A name held by an abandoned claim (its lease ran out) is taken over, giving back the
    /// old reservation once. A folder deleted while the claim was made is reported, with this claim's reservation
    /// given back.
    /// </summary>
    public async Task<(EntryDocument? Entry, ClaimOutcome Outcome)> TryClaimAsync(UploadClaim claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new EntryDocument
        {
            Id = ObjectId.GenerateNewId(), UserId = claim.UserId, ParentId = claim.Folder[^1].Id, Kind = EntryKinds.File, Blob = claim.Blob, MimeType = claim.MimeType, State = EntryState.Pending,
            ReservedBytes = claim.ReservedBytes, ExpiresAt = claim.ExpiresAt, DirectUpload = claim.DirectUpload,
            ExpectedSha256 = claim.ExpectedSha256, ReplacesId = claim.ReplacesId, ReplaceIfMatch = claim.ReplaceIfMatch, LinkShareId = claim.Slot?.ShareId, CreatedAt = now, ModifiedAt = now,
        }.Named(claim.Name);
        if (!await entries.TryInsertAsync(entry, ct) && !(await TakeOverAsync(entry, now, ct) && await entries.TryInsertAsync(entry, ct)))
            return (null, ClaimOutcome.NameTaken);
        claim.Slot?.HandOver();
        if (await tree.IsStillAttachedAsync(claim.Folder, ct))
            return (entry, ClaimOutcome.Claimed);
        if (await entries.DeletePendingAsync(entry.UserId, entry.Id, CancellationToken.None))
            await GiveBackAsync(entry);
        return (null, ClaimOutcome.FolderGone);
    }

    /// <summary>
    /// Claims the first free name of <paramref name="names"/> (see <see cref="NumberedNames"/>): the unique index on
    /// (user, parent, name) decides each try, so parallel uploads of one name end up with different names, never one
    /// overwriting another.
    /// </summary>
    public async Task<(EntryDocument? Entry, ClaimOutcome Outcome)> TryClaimFirstFreeAsync(
        UploadClaim claim, IEnumerable<string> names, CancellationToken ct)
    {
        foreach (var name in names)
        {
            var (entry, outcome) = await TryClaimAsync(claim with { Name = name }, ct);
            if (outcome != ClaimOutcome.NameTaken)
                return (entry, outcome);
        }
        return (null, ClaimOutcome.NameTaken);
    }

    /// <summary>
    /// Reserves <paramref name="wanted"/> bytes, or what is left if less; <paramref name="knownFree"/> (the user's free
    /// bytes as just read with the user) saves the read when it covers the whole of it.
    /// </summary>
    public async Task<long> ReserveUpToAsync(long userId, long wanted, long knownFree, CancellationToken ct) =>
        knownFree >= wanted && await quota.TryReserveAsync(userId, wanted, ct) ? wanted : await quota.ReserveUpToAsync(userId, wanted, ct);

    public Task<bool> TryReserveAsync(long userId, long bytes, CancellationToken ct) => quota.TryReserveAsync(userId, bytes, ct);

    public Task ReleaseAsync(long userId, long bytes) => quota.ReleaseAsync(userId, bytes, CancellationToken.None);

    /// <summary>How many of a link's uploads are open (pending), counted up to <paramref name="limit"/>.</summary>
    public Task<long> OpenAsync(ObjectId shareId, int limit, CancellationToken ct) =>
        entries.CountOpenLinkUploadsAsync(shareId, limit, ct);

    /// <summary>
    /// A direct upload of the user's (pending or completed); null for anything else, so all look alike. A completed
    /// replacing upload is the file whose content it became (its content id is the upload's id), for a day.
    /// </summary>
    public async Task<EntryDocument?> FindDirectAsync(long userId, ObjectId? id, CancellationToken ct)
    {
        if (id is not { } known)
            return null;
        if (await entries.FindByIdAsync(known, ct) is { } found)
            return found is { DirectUpload: true } && found.UserId == userId ? found : null;
        return known.CreationTime > clock.GetUtcNow().UtcDateTime.AddDays(-1)
            ? await entries.FindByCurrentContentAsync(userId, known, ct)
            : null;
    }

    /// <summary>An upload-file claim of the first free name of <paramref name="names"/>: its lease runs <see cref="ClaimLease"/> from now.</summary>
    public Task<(EntryDocument? Entry, ClaimOutcome Outcome)> TryClaimStreamAsync(
        long userId, IReadOnlyList<EntryDocument> folder, IEnumerable<string> names, string blob, long reserved, LinkSlot? slot,
        CancellationToken ct) =>
        TryClaimFirstFreeAsync(new UploadClaim(userId, folder, "", blob, reserved, clock.GetUtcNow().UtcDateTime + ClaimLease) { Slot = slot },
            names, ct);

    /// <summary>The visible file named <paramref name="name"/> in the folder <paramref name="folder"/> ends with, if any.</summary>
    public async Task<EntryDocument?> FindFileAsync(long userId, IReadOnlyList<EntryDocument> folder, string name, CancellationToken ct) =>
        await entries.FindVisibleChildAsync(userId, folder[^1].Id, name, ct) is { IsFolder: false } file ? file : null;

    /// <summary>How long a completion may take to land a replacing upload's content before TempCleanup settles it instead.</summary>
    public static readonly TimeSpan LandingLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Takes a replacing upload's pending entry for this completion to land its content: the token it holds it by, or
    /// null when another call took it (a completion, an abort, a reclaim). Held, the entry keeps its reservation.
    /// </summary>
    public async Task<ObjectId?> TryTakeForLandingAsync(EntryDocument pending, CancellationToken ct)
    {
        var token = ObjectId.GenerateNewId();
        return await entries.TryTakeForLandingAsync(pending.UserId, pending.Id, token, clock.GetUtcNow().UtcDateTime + LandingLease, ct)
            ? token : null;
    }

    /// <summary>
    /// The landing is over: the entry goes, and its reservation becomes usage of <paramref name="size"/> bytes once
    /// (<paramref name="landed"/>) or is given back. True when this call deleted the entry. When another party deleted it
    /// first, it gave the reservation back (a removal of the file) or settled it (TempCleanup, or the completion itself):
    /// a landed content is still charged, once (the settlement is recorded by upload id, so a second is nothing).
    /// With <paramref name="expiredBefore"/>, TempCleanup's own call for a landing whose completion died.
    /// </summary>
    public async Task<bool> FinishLandingAsync(EntryDocument pending, ObjectId token, bool landed, long size, DateTime? expiredBefore = null)
    {
        var owned = await entries.DeleteLandingAsync(pending.UserId, pending.Id, token, expiredBefore, CancellationToken.None);
        if (landed)
            await SettleOnceAsync(pending, owned ? pending.ReservedBytes : 0, size);
        else if (owned)
            await AfterCommit.TryAsync(() => quota.ReleaseAsync(pending.UserId, pending.ReservedBytes, CancellationToken.None),
                logger, "give back a reservation", pending.UserId);
        return owned;
    }

    public Task<bool> LetGoOfBlobAsync(EntryDocument pending, CancellationToken ct) => entries.LetGoOfBlobAsync(pending.UserId, pending.Id, ct);

    /// <summary>
    /// A replacing upload is done: its pending entry goes and its reservation becomes the new content's usage (once:
    /// recorded on the user). If another party deleted the entry first, it gave the reservation back; the usage is still charged.
    /// </summary>
    public async Task SettleReplacingAsync(EntryDocument pending, long reserved, long size)
    {
        var owned = await entries.DeletePendingAsync(pending.UserId, pending.Id, CancellationToken.None);
        await SettleOnceAsync(pending, owned ? reserved : 0, size);
    }

    /// <summary>
    /// Turns what is still reserved for a replacing upload (<paramref name="stillReserved"/>: none once another party
    /// gave it back) into usage of <paramref name="size"/> bytes, once per upload id whoever calls.
    /// </summary>
    private Task SettleOnceAsync(EntryDocument pending, long stillReserved, long size) =>
        AfterCommit.TryAsync(() => quota.SettleOnceAsync(pending.UserId, pending.Id, stillReserved, size, CancellationToken.None),
            logger, "settle a replacing upload's quota", pending.UserId);

    /// <summary>Renews a pending entry's claim every <see cref="ClaimRenewal"/> until disposed.</summary>
    public IAsyncDisposable KeepAlive(EntryDocument pending) => new ClaimRenewer(entries, pending, clock, logger);

    /// <summary>
    /// Undoes an upload that its own request still owns: the pending entry (if any), the blob written (if any) and the
    /// reservation, unless another party deleted the pending entry (then it gave back the reservation and any link file). Best effort:
    /// what cannot be undone now is left for TempCleanup.
    /// </summary>
    public async Task DiscardAsync(long userId, EntryDocument? entry, string? blob, long reserved)
    {
        try
        {
            // The reservation first: it is what the user sees, and a blob left behind is only garbage for TempCleanup.
            if (entry is null)
                await quota.ReleaseAsync(userId, reserved, CancellationToken.None);
            else if (await entries.DeletePendingAsync(userId, entry.Id, CancellationToken.None))
                await GiveBackAsync(entry);
            else if (await entries.FindByIdAsync(entry.Id, CancellationToken.None) is { State: EntryState.Ready })
                return; // made ready after all (an answer lost to a stalled database): its blob is the file's now
            if (blob is not null)
                await blobs.DiscardAsync(blob, CancellationToken.None); // with any blocks it never committed
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not fully undo failed upload {Blob}; TempCleanup will reconcile", blob);
        }
    }

    /// <summary>Gives up a pending upload no request owns (abort, failed completion); false when another party got it first.</summary>
    public async Task<bool> TryAbandonAsync(EntryDocument pending, CancellationToken ct)
    {
        if (!await entries.DeletePendingAsync(pending.UserId, pending.Id, ct))
            return false;
        await GiveBackAsync(pending);
        return true;
    }

    /// <summary>What a pending entry held, given back by the one caller whose delete removed it.</summary>
    private async Task GiveBackAsync(EntryDocument deleted)
    {
        await AfterCommit.TryAsync(() => quota.ReleaseAsync(deleted.UserId, deleted.ReservedBytes, CancellationToken.None),
            logger, "give back a reservation", deleted.UserId);
        if (deleted.LinkShareId is { } share)
            await AfterCommit.TryAsync(() => shares.GiveBackUploadAsync(deleted.UserId, share, CancellationToken.None),
                logger, "give back a link's file", deleted.UserId);
    }

    private async Task<bool> TakeOverAsync(EntryDocument claim, DateTime now, CancellationToken ct)
    {
        var holder = await entries.FindChildAsync(claim.UserId, claim.ParentId, claim.Name, ct);
        if (holder is not { State: EntryState.Pending } || holder.ExpiresAt >= now
            || !await entries.DeleteExpiredPendingAsync(holder.UserId, holder.Id, now, ct))
            return false;
        await GiveBackAsync(holder);
        if (holder.Blob is not null)
            await blobs.DeleteAsync(holder.Blob, CancellationToken.None);
        logger.LogInformation("Upload {EntryId} took over the name {Name} from abandoned upload {Abandoned} ({Bytes} bytes given back)",
            claim.Id, claim.Name, holder.Id, holder.ReservedBytes);
        return true;
    }
}
