using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Drive;

public enum StartOutcome
{
    Started,
    OverQuota,
    NameTaken,
    FolderGone,
}

/// <summary>A direct upload just begun: its pending entry and the write-only URL for its one blob.</summary>
public sealed record StartedUpload(EntryDocument Entry, Uri UploadUrl, DateTime ExpiresAt);

/// <summary>
/// Begins a direct upload, for begin-upload and for upload-only links: reserves size_bytes of the owner's quota,
/// claims a name with a pending entry and makes the staging container and its write-only SAS. Whatever fails is given back.
/// </summary>
public sealed class DirectUploadStart(
    QuotaStore quota, PendingUploads pending, DirectUploadBlobs uploads, IOptions<DriveOptions> options, TimeProvider clock)
{
    /// <summary>How long after its URL expires an upload may still be completed before TempCleanup reclaims it.</summary>
    public static readonly TimeSpan CompletionGrace = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Claims the first free name of <paramref name="names"/> in <paramref name="folder"/> (root first); an upload
    /// through an upload-only link hands its <paramref name="slot"/> to the pending entry.
    /// </summary>
    public async Task<(StartedUpload? Upload, StartOutcome Outcome)> StartAsync(
        long userId, IReadOnlyList<EntryDocument> folder, IEnumerable<string> names, long sizeBytes, string mimeType, LinkSlot? slot,
        CancellationToken ct)
    {
        if (!await quota.TryReserveAsync(userId, sizeBytes, ct))
            return (null, StartOutcome.OverQuota);

        // Whole seconds, as in the SAS itself, so expires_at is exactly when the URL stops working.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var lifetime = options.Value.DirectUploadLifetime;
        var blob = uploads.NewStagingName(userId);
        var outcome = ClaimOutcome.NameTaken;
        EntryDocument? entry = null;
        try
        {
            await uploads.PrepareAsync(blob, ct);
            var claim = new UploadClaim(userId, folder, "", blob, sizeBytes, (now + lifetime + CompletionGrace).UtcDateTime)
            {
                MimeType = mimeType, DirectUpload = true, Slot = slot,
            };
            (entry, outcome) = await pending.TryClaimFirstFreeAsync(claim, names, ct);
        }
        finally
        {
            // A folder deleted meanwhile took the claim's reservation with it; any other failure gives it back here.
            if (outcome == ClaimOutcome.NameTaken)
                await quota.ReleaseAsync(userId, sizeBytes, CancellationToken.None);
            if (entry is null)
                await uploads.TryDiscardAsync(blob);
        }
        return entry is null
            ? (null, outcome == ClaimOutcome.FolderGone ? StartOutcome.FolderGone : StartOutcome.NameTaken)
            : (new StartedUpload(entry, uploads.WriteSas(blob, lifetime, now), (now + lifetime).UtcDateTime), StartOutcome.Started);
    }
}
