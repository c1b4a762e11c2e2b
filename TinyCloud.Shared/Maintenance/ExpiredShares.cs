using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 5: drops share links whose <c>expires_at</c> has passed (links without one never expire), as make-unshared
/// would: the share goes, then the entry's <c>shared</c> flag, so the entry can be shared again.
/// </summary>
public sealed class ExpiredShares(ShareStore shares, EntryStore entries, TimeProvider clock, ILogger<ExpiredShares> logger)
{
    public async Task<StepTally> DropAsync(CleanupBudget budget, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tally = StepTally.None;
        await foreach (var page in Paging.ByKeyAsync(ObjectId.Empty, (after, c) => shares.ExpiredPageAsync(now, after, c), s => s.Id, budget, ct))
        foreach (var share in page)
        {
            await budget.SpendAsync(RequestUnits.Writes(2), ct);
            if (!await shares.DeleteAsync(share, ct))
                continue;
            // Unless the owner shared the entry again in the meantime.
            if (!await shares.AnyForEntryAsync(share.UserId, share.EntryId, ct))
                await entries.SetSharedAsync(share.UserId, share.EntryId, false, ct);
            logger.LogInformation("Dropped share {ShareId} of entry {EntryId} of user {UserId}, expired at {ExpiresAt:o}",
                share.Id, share.EntryId, share.UserId, share.ExpiresAt);
            tally = tally.Add(1, 0);
        }
        return tally;
    }
}
