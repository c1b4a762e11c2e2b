using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Mail;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Shared.Closing;

/// <summary>What erasing a deleted account removed: entries, and the blobs (with their bytes) found under its names.</summary>
public sealed record Erased(long Entries, long Blobs, long BlobBytes);

/// <summary>
/// Erases a deleted account's data, every step idempotent, so a run cut short anywhere is finished by the next one
/// (TempCleanup's <c>ClosedAccounts</c> step): links, entries (claimed and removed as folder deletes remove them),
/// every blob under the user's names (files of any version, avatars, staging containers), sessions, tokens and
/// queued mail; then the account is marked erased, keeping only its name.
/// </summary>
public sealed class AccountEraser(
    ShareStore shares, EntryStore entries, EntryRemover remover, BlobServiceClient service, BlobContainerClient container, BlobFiles files, BlobNames names,
    DirectUploadBlobs uploads,
    SessionStore sessions, AccountTokens tokens, MailOutbox outbox, UserStore users, Activity.ActivityEraser activity, TimeProvider clock, ILogger<AccountEraser> logger)
{
    public async Task<Erased> EraseAsync(long userId, CancellationToken ct)
    {
        await shares.DeleteForUserAsync(userId, ct);
        var removed = await remover.RemoveAllOfUserAsync(userId, ct);
        // Claimed by a removal that died (or still runs): nothing is charged any more, so they simply go.
        var left = await entries.DeleteAllOfUserAsync(userId, ct);
        var (blobs, bytes) = await DeleteBlobsAsync(names.UserPrefix(userId), ct);
        var (older, olderBytes) = await DeleteBlobsAsync($"{userId}/", ct); // files of older versions, and avatars
        // Only this deployment's: another one sharing the storage account (a slot, with its own database) may have a user
        // of the same id, whose staging containers carry the same tag when it shares Auth:JwtSecret too.
        await foreach (var staging in service.GetBlobContainersAsync(BlobContainerTraits.Metadata, prefix: names.StagingPrefix(userId), cancellationToken: ct))
            if (uploads.IsOwn(staging.Properties.Metadata))
                await service.GetBlobContainerClient(staging.Name).DeleteIfExistsAsync(cancellationToken: ct);
        await sessions.RevokeAllAsync(userId, ct);
        await tokens.RevokeAsync(userId, null, ct);
        await outbox.DeleteForUserAsync(userId, ct);
        await activity.EraseAsync(userId, ct);
        await users.FinishClosingAsync(userId, clock.GetUtcNow().UtcDateTime, ct);
        var erased = new Erased(removed.Entries + left, blobs + older, bytes + olderBytes);
        logger.LogInformation("Erased account {UserId}: {Entries} entries, {Blobs} blobs ({Bytes} bytes)",
            userId, erased.Entries, erased.Blobs, erased.BlobBytes);
        return erased;
    }

    private async Task<(long Count, long Bytes)> DeleteBlobsAsync(string prefix, CancellationToken ct)
    {
        long count = 0, bytes = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix, ct))
        {
            // Uncommitted blocks too (an upload cut short, or still in flight: its account is gone).
            if (await files.DiscardAsync(blob.Name, ct))
                (count, bytes) = (count + 1, bytes + (blob.Properties.ContentLength ?? 0));
        }
        return (count, bytes);
    }
}
