using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Versions;

/// <summary>
/// A file's earlier contents (<see cref="FileVersion"/>): kept by a replace, brought back by a restore, removed on
/// request or past <see cref="DriveOptions.VersionsKept"/> and <see cref="DriveOptions.VersionDays"/>. Each change is
/// one update of the file's document, conditional on its revision, tried again on a fresh read when another change
/// won; only the update that took a version out frees its bytes and deletes its blob, after it.
/// </summary>
public sealed class FileVersions(
    EntryStore entries, QuotaStore quota, BlobDeletions blobs, IOptions<DriveOptions> options, TimeProvider clock,
    ILogger<FileVersions> logger)
{
    private const int Tries = 16;

    /// <summary>
    /// Makes <paramref name="content"/> the current content of file <paramref name="fileId"/>, keeping the present one
    /// as a version; with <paramref name="ifMatch"/>, only while that is still the present one.
    /// </summary>
    public Task<VersionOutcome> ReplaceAsync(long userId, ObjectId fileId, EntryStore.Content content, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(userId, fileId, ifMatch, async (file, now) => (bool?)await entries.TryReplaceContentAsync(file, content, now, ct), ct);

    /// <summary>Makes version <paramref name="versionId"/> current again; the present content becomes a version.</summary>
    public Task<VersionOutcome> RestoreAsync(long userId, ObjectId fileId, ObjectId versionId, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(userId, fileId, ifMatch, async (file, now) =>
            file.HasVersion(versionId) ? await entries.TryRestoreVersionAsync(file, versionId, now, ct) : null, ct);

    /// <summary>Deletes one version: the bytes it freed, or null when the file has no such version.</summary>
    public async Task<long?> DeleteAsync(long userId, ObjectId fileId, ObjectId versionId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            if (await entries.FindByIdAsync(fileId, ct) is not { UserId: var owner } file || owner != userId
                || !file.HasVersion(versionId))
                return null;
            if (await TakeAsync(file, versionId, ct) is { } taken)
                return taken.SizeBytes;
        }
        return null;
    }

    /// <summary>Removes the versions of <paramref name="file"/> past the count and age limits; the bytes freed.</summary>
    public async Task<long> PruneAsync(EntryDocument file, CancellationToken ct)
    {
        var freed = 0L;
        for (var attempt = 0; attempt < Tries && Excess(file) is { } oldest; attempt++)
        {
            if (await TakeAsync(file, oldest.Id, ct) is { } taken)
            {
                freed += taken.SizeBytes;
                file.Versions = file.Versions!.Where(v => v.Id != taken.Id).ToList();
                (file.VersionBytes, file.Revision) = (file.Versions.Sum(v => v.SizeBytes), file.Revision + 1);
            }
            else if (await entries.FindByIdAsync(file.Id, ct) is { } fresh)
                file = fresh;
            else
                break;
        }
        return freed;
    }

    private FileVersion? Excess(EntryDocument file)
    {
        if (file.Versions is not { Count: > 0 } versions)
            return null;
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.VersionDays);
        return versions.Count > options.Value.VersionsKept || versions[0].VersionedAt < cutoff ? versions[0] : null;
    }

    private async Task<FileVersion?> TakeAsync(EntryDocument file, ObjectId versionId, CancellationToken ct)
    {
        await quota.MarkChangedAsync(file.UserId, ct); // flagged before the bytes leave the entry, as a removal is
        if (await entries.TryTakeVersionAsync(file, versionId, ct) is not { } taken)
            return null;
        await AfterCommit.TryAsync(() => quota.FreeAsync(file.UserId, taken.SizeBytes, CancellationToken.None),
            logger, "free a version's bytes", file.UserId);
        await blobs.DeleteAsync(file.UserId, [taken.Blob], ct);
        return taken;
    }

    private async Task<VersionOutcome> ChangeAsync(
        long userId, ObjectId fileId, string? ifMatch, Func<EntryDocument, DateTime, Task<bool?>> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            if (await entries.FindByIdAsync(fileId, ct) is not { IsVisible: true, IsFolder: false } file || file.UserId != userId)
                return VersionOutcome.Failed(VersionProblem.FileGone);
            if (ifMatch is not null && !Matches(file, ifMatch))
                return VersionOutcome.Failed(VersionProblem.PreconditionFailed);
            // Milliseconds, as stored, so the file answered now is the one read later.
            var now = clock.GetUtcNow().UtcDateTime;
            now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
            switch (await change(file, now))
            {
                case null:
                    return VersionOutcome.Failed(VersionProblem.NoSuchVersion);
                case true:
                    await PruneAsync(file, ct);
                    return new VersionOutcome(file, VersionProblem.None);
            }
        }
        return VersionOutcome.Failed(VersionProblem.Busy);
    }

    /// <summary>
    /// Whether <paramref name="ifMatch"/> names the file's current content: its <c>version_id</c>, or the ETag its
    /// downloads carry (quoted or not, weak or not).
    /// </summary>
    public static bool Matches(EntryDocument file, string ifMatch)
    {
        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
            tag = tag[2..];
        tag = tag.Trim('"');
        return tag == file.CurrentContentId.ToString() || file.Md5 is not null && tag == file.Md5;
    }
}
