using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Uploads;

/// <summary>The bytes an upload wrote, whole: where they are, how many, their MD5 and the content type the file gets.</summary>
public sealed record FileBytes(string? Blob, long Size, byte[] Md5, string MimeType);

/// <summary>
/// The last step of every upload: the pending entry becomes the ready file and its reservation becomes usage. If the
/// folder was deleted while the bytes arrived, the file goes with it.
/// </summary>
public sealed class ReadyFiles(
    EntryStore entries, DriveTree tree, EntryRemover remover, QuotaStore quota, TimeProvider clock, ILogger<ReadyFiles> logger)
{
    /// <summary>
    /// Makes <paramref name="pending"/> ready with <paramref name="bytes"/> (pointing at <see cref="FileBytes.Blob"/> when
    /// given) and settles <paramref name="reserved"/> into usage; false when it is gone, already ready or taken by a removal.
    /// On true, <paramref name="pending"/> is updated to what was stored.
    /// </summary>
    public async Task<bool> TryMarkReadyAsync(EntryDocument pending, FileBytes bytes, long reserved, CancellationToken ct)
    {
        // Milliseconds, as stored (BSON dates), so the entry answered now is the one read later.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var md5 = Convert.ToHexStringLower(bytes.Md5);
        if (!await entries.MarkReadyAsync(pending.UserId, pending.Id, bytes.Blob, bytes.Size, md5, bytes.MimeType, now, ct))
            return false;
        // The file is in: from here on the request succeeds (see AfterCommit).
        await AfterCommit.TryAsync(() => quota.SettleAsync(pending.UserId, reserved, bytes.Size, CancellationToken.None),
            logger, "settle the upload's quota", pending.UserId);
        (pending.State, pending.SizeBytes, pending.Md5, pending.MimeType, pending.ModifiedAt, pending.ReservedBytes, pending.ExpiresAt) =
            (EntryState.Ready, bytes.Size, md5, bytes.MimeType, now, 0, null);
        pending.Blob = bytes.Blob ?? pending.Blob;
        return true;
    }

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

    public Task<EntryDocument?> FindAsync(MongoDB.Bson.ObjectId id, CancellationToken ct) => entries.FindByIdAsync(id, ct);
}
