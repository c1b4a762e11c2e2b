using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// A file's content and its versions live in the file's one document, so every change of them (a replace, a restore,
/// a version deleted) is one update of that document, conditional on its <see cref="EntryDocument.Revision"/> being
/// the one read: a concurrent change makes it fail rather than be overwritten.
/// </summary>
public sealed partial class EntryStore
{
    /// <summary>The content a replace or a restore makes current.</summary>
    public sealed record Content(ObjectId Id, string Blob, long SizeBytes, string? Md5, string? Sha256, string? MimeType, DateTime ModifiedAt)
    {
        public static Content Of(FileVersion version) =>
            new(version.Id, version.Blob, version.SizeBytes, version.Md5, version.Sha256, version.MimeType, version.ModifiedAt);
    }

    /// <summary>
    /// Makes <paramref name="content"/> the file's and keeps its current content as a version, if the file is still
    /// visible and unchanged since <paramref name="file"/> was read; on success <paramref name="file"/> is updated.
    /// </summary>
    public async Task<bool> TryReplaceContentAsync(EntryDocument file, Content content, DateTime now, CancellationToken ct)
    {
        var old = FileVersion.Of(file, now);
        var versions = (file.Versions ?? []).Append(old).ToList();
        return await TrySetContentAsync(file, content, versions, now, ct);
    }

    /// <summary>
    /// Makes version <paramref name="versionId"/> the file's content again and keeps the current content as a version;
    /// false when the file changed since <paramref name="file"/> was read (or has no such version).
    /// </summary>
    public async Task<bool> TryRestoreVersionAsync(EntryDocument file, ObjectId versionId, DateTime now, CancellationToken ct)
    {
        if (file.Versions?.FirstOrDefault(v => v.Id == versionId) is not { } restored)
            return false;
        var versions = file.Versions.Where(v => v.Id != versionId).Append(FileVersion.Of(file, now)).ToList();
        return await TrySetContentAsync(file, Content.Of(restored), versions, now, ct);
    }

    private async Task<bool> TrySetContentAsync(EntryDocument file, Content content, List<FileVersion> versions, DateTime now, CancellationToken ct)
    {
        var versionBytes = versions.Sum(v => v.SizeBytes);
        var update = Update.Set(e => e.Blob, content.Blob).Set(e => e.SizeBytes, content.SizeBytes).Set(e => e.Md5, content.Md5)
            .Set(e => e.Sha256, content.Sha256).Set(e => e.MimeType, content.MimeType).Set(e => e.ContentId, content.Id)
            .Set(e => e.ModifiedAt, now).Set(e => e.Versions, versions).Set(e => e.VersionBytes, versionBytes)
            .Set(e => e.Revision, file.Revision + 1);
        if ((await _entries.UpdateOneAsync(Unchanged(file) & Visible, update, cancellationToken: ct)).ModifiedCount != 1)
            return false;
        (file.Blob, file.SizeBytes, file.Md5, file.Sha256, file.MimeType, file.ContentId, file.ModifiedAt) =
            (content.Blob, content.SizeBytes, content.Md5, content.Sha256, content.MimeType, content.Id, now);
        (file.Versions, file.VersionBytes, file.Revision) = (versions, versionBytes, file.Revision + 1);
        return true;
    }

    /// <summary>
    /// Takes version <paramref name="versionId"/> out of the file (visible or trashed), if the file is unchanged since
    /// <paramref name="file"/> was read; only the caller whose update took it frees its bytes and deletes its blob.
    /// </summary>
    public async Task<FileVersion?> TryTakeVersionAsync(EntryDocument file, ObjectId versionId, CancellationToken ct)
    {
        if (file.Versions?.FirstOrDefault(v => v.Id == versionId) is not { } taken)
            return null;
        var versions = file.Versions.Where(v => v.Id != versionId).ToList();
        var update = Update.Set(e => e.Versions, versions).Set(e => e.VersionBytes, versions.Sum(v => v.SizeBytes))
            .Set(e => e.Revision, file.Revision + 1);
        return (await _entries.UpdateOneAsync(Unchanged(file) & Filter.Eq(e => e.RemovedBy, null), update, cancellationToken: ct))
            .ModifiedCount == 1 ? taken : null;
    }

    /// <summary>Files with a version made before <paramref name="cutoff"/>, a page after <paramref name="after"/> in id order.</summary>
    public Task<List<EntryDocument>> WithVersionsBeforePageAsync(DateTime cutoff, ObjectId after, CancellationToken ct) =>
        Page(Filter.ElemMatch(e => e.Versions, v => v.VersionedAt < cutoff) & Filter.Gt(e => e.Id, after), ct);

    /// <summary>The same document, with the same revision (a document written before revisions has none: 0).</summary>
    private static FilterDefinition<EntryDocument> Unchanged(EntryDocument file) =>
        Mine(file.UserId, file.Id) & (file.Revision == 0
            ? Filter.Or(Filter.Eq(e => e.Revision, 0), Filter.Exists(e => e.Revision, false))
            : Filter.Eq(e => e.Revision, file.Revision));

    /// <summary>The user's ready file whose current content is <paramref name="contentId"/>, if any.</summary>
    public async Task<EntryDocument?> FindByCurrentContentAsync(long userId, ObjectId contentId, CancellationToken ct) =>
        await _entries.Find(Filter.Eq(e => e.UserId, userId) & Filter.Eq(e => e.ContentId, contentId) & Filter.Eq(e => e.State, EntryState.Ready))
            .FirstOrDefaultAsync(ct);
}
