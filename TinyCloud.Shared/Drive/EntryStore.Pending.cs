using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

/// <summary>Pending uploads: the claim a pending entry holds on its name and quota, until it is made ready or given up.</summary>
public sealed partial class EntryStore
{
    /// <summary>Turns a pending upload into a ready file (pointing at <paramref name="blob"/> when given); false when it is gone, already ready, or claimed by a removal.</summary>
    public async Task<bool> MarkReadyAsync(
        long userId, ObjectId id, string? blob, long size, string md5, string sha256, string mimeType, DateTime now, CancellationToken ct)
    {
        var update = Update.Set(e => e.State, EntryState.Ready).Set(e => e.SizeBytes, size).Set(e => e.Md5, md5)
            .Set(e => e.Sha256, sha256).Set(e => e.MimeType, mimeType).Set(e => e.ReservedBytes, 0).Set(e => e.ModifiedAt, now)
            .Unset(e => e.ExpiresAt).Unset(e => e.ExpectedSha256);
        if (blob is not null)
            update = update.Set(e => e.Blob, blob);
        return (await _entries.UpdateOneAsync(PendingUnclaimed(userId, id), update, cancellationToken: ct)).ModifiedCount == 1;
    }

    /// <summary>
    /// A replacing upload hands its blob to the file it replaces: first the pending entry lets go of it (so no reclaim
    /// of that entry can delete the file's new bytes); false when the entry is no longer pending.
    /// </summary>
    public async Task<bool> LetGoOfBlobAsync(long userId, ObjectId id, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(PendingUnclaimed(userId, id), Update.Unset(e => e.Blob), cancellationToken: ct)).MatchedCount == 1;

    /// <summary>Extends a pending entry's claim; false when it is no longer pending (or was taken over).</summary>
    public async Task<bool> RenewClaimAsync(long userId, ObjectId id, DateTime until, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(PendingUnclaimed(userId, id), Update.Set(e => e.ExpiresAt, until), cancellationToken: ct))
        .MatchedCount == 1;

    /// <summary>Deletes an entry only while it is still pending and unclaimed; whoever succeeds gives back its reservation.</summary>
    public async Task<bool> DeletePendingAsync(long userId, ObjectId id, CancellationToken ct) =>
        (await _entries.DeleteOneAsync(PendingUnclaimed(userId, id), ct)).DeletedCount == 1;

    /// <summary>As <see cref="DeletePendingAsync"/>, only once its claim ran out before <paramref name="now"/>.</summary>
    public async Task<bool> DeleteExpiredPendingAsync(long userId, ObjectId id, DateTime now, CancellationToken ct) =>
        (await _entries.DeleteOneAsync(PendingUnclaimed(userId, id) & Filter.Lt(e => e.ExpiresAt, now), ct)).DeletedCount == 1;

    /// <summary>Pending entries whose claim ran out before <paramref name="now"/>, a page after <paramref name="after"/>.</summary>
    public Task<List<EntryDocument>> ExpiredPendingPageAsync(DateTime now, ObjectId after, CancellationToken ct) =>
        Page(Filter.Eq(e => e.State, EntryState.Pending) & Filter.Lt(e => e.ExpiresAt, now) & Filter.Gt(e => e.Id, after), ct);

    /// <summary>Direct uploads still pending (bytes may be arriving through their URLs), a page after <paramref name="after"/>.</summary>
    public Task<List<EntryDocument>> OpenDirectUploadsPageAsync(ObjectId after, CancellationToken ct) =>
        Page(Filter.Eq(e => e.State, EntryState.Pending) & Filter.Eq(e => e.DirectUpload, true) & Filter.Gt(e => e.Id, after), ct);

    /// <summary>How many uploads begun through a link before <paramref name="before"/> (an id) are still pending, counted up to <paramref name="limit"/>.</summary>
    public async Task<long> CountOpenLinkUploadsAsync(ObjectId shareId, int limit, CancellationToken ct) =>
        await _entries.CountDocumentsAsync(Filter.Eq(e => e.State, EntryState.Pending) & Filter.Eq(e => e.LinkShareId, shareId),
            new CountOptions { Limit = limit }, ct);

    private static FilterDefinition<EntryDocument> PendingUnclaimed(long userId, ObjectId id) =>
        Mine(userId, id) & Filter.Eq(e => e.State, EntryState.Pending) & Filter.Eq(e => e.RemovedBy, null) & Filter.Eq(e => e.LandingBy, null);

    /// <summary>
    /// Takes a replacing upload's pending entry for landing its content (<see cref="EntryDocument.LandingBy"/>), until
    /// <paramref name="until"/>; false when it is no longer pending or another call took it.
    /// </summary>
    public async Task<bool> TryTakeForLandingAsync(long userId, ObjectId id, ObjectId token, DateTime until, CancellationToken ct) =>
        (await _entries.UpdateOneAsync(PendingUnclaimed(userId, id), Update.Set(e => e.LandingBy, token).Set(e => e.ExpiresAt, until),
            cancellationToken: ct)).ModifiedCount == 1;

    /// <summary>Deletes a pending entry taken for landing by <paramref name="token"/> (only once its lease ran out before <paramref name="expiredBefore"/>, when given).</summary>
    public async Task<bool> DeleteLandingAsync(long userId, ObjectId id, ObjectId token, DateTime? expiredBefore, CancellationToken ct) =>
        (await _entries.DeleteOneAsync(Mine(userId, id) & Filter.Eq(e => e.State, EntryState.Pending) & Filter.Eq(e => e.LandingBy, token)
            & (expiredBefore is { } now ? Filter.Lt(e => e.ExpiresAt, now) : Filter.Empty), ct)).DeletedCount == 1;
}
