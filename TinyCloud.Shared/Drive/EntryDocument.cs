using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

public static class EntryKinds
{
    public const string File = "file";
    public const string Folder = "folder";
}

/// <summary>Where an entry is in its life; stored as its lower-case name (<c>"pending"</c>, <c>"ready"</c>, ...).</summary>
public enum EntryState
{
    /// <summary>Bytes are still flowing; the entry holds a quota reservation and is invisible to listings.</summary>
    Pending,
    Ready,
    /// <summary>The top of a subtree being deleted: detached from the tree (its own parent) until swept away.</summary>
    Deleting,
    /// <summary>The top of a subtree in the trash: detached like a deleting one, restorable from <see cref="EntryDocument.Trash"/>.</summary>
    Trashed,
    /// <summary>
    /// Inside a copy being made (<see cref="EntryDocument.CopyOf"/> names its pending top): invisible and not charged;
    /// the copy's reservation, held by its top, stands for it until the copy is committed or given up.
    /// </summary>
    Copying,
}

/// <summary>
/// One file or folder in the id-based tree: an immutable id, its parent's id and its name (unique per parent). A
/// field's root is implicit: its id is <see cref="DriveRoots.Id"/> of the user and field, and no document holds it.
/// Paths are never stored, so renaming or moving anything, however large, is one update of one document.
/// </summary>
public sealed class EntryDocument
{
    public ObjectId Id { get; set; }
    public long UserId { get; set; }
    public ObjectId ParentId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The folded name (<see cref="SearchText.Fold"/>): the order of search results. Written with the name.</summary>
    public string? NameFold { get; set; }
    /// <summary>The folded name and its words, which a search query's words are prefixes of. Written with the name.</summary>
    public string[]? NameKeys { get; set; }
    public string Kind { get; set; } = EntryKinds.File;
    public long SizeBytes { get; set; }
    public string? MimeType { get; set; }
    /// <summary>Lower-case hex MD5 of the bytes (files only).</summary>
    public string? Md5 { get; set; }
    /// <summary>
    /// Lower-case hex SHA-256 of the bytes, computed by the server on every path (files only; null for files stored
    /// before it was kept).
    /// </summary>
    [BsonIgnoreIfNull]
    public string? Sha256 { get; set; }
    /// <summary>The SHA-256 a direct upload's client declared at begin-upload, checked at complete-upload (pending only).</summary>
    [BsonIgnoreIfNull]
    public string? ExpectedSha256 { get; set; }
    /// <summary>The current content's id (its <c>version_id</c>), new at every replace and restore; null until the first.</summary>
    [BsonIgnoreIfNull]
    public ObjectId? ContentId { get; set; }
    /// <summary>Earlier contents, oldest first (see <see cref="FileVersion"/>); charged like the file itself.</summary>
    [BsonIgnoreIfNull]
    public List<FileVersion>? Versions { get; set; }
    /// <summary>The sizes of <see cref="Versions"/>, kept with them, so sums of usage need not unwind the lists.</summary>
    [BsonIgnoreIfDefault]
    public long VersionBytes { get; set; }
    /// <summary>Counts every change of the content or the versions: a replace, restore or version delete is conditional on it.</summary>
    [BsonIgnoreIfDefault]
    public long Revision { get; set; }
    /// <summary>An entry inside a copy being made: the copy's top (a pending entry), which commits or gives it up.</summary>
    [BsonIgnoreIfNull]
    public ObjectId? CopyOf { get; set; }
    /// <summary>
    /// The pending top of a file's copy holds the blob it will share here, not in <see cref="Blob"/>, so that a reclaim of
    /// the abandoned copy (which deletes a pending entry's blob) never deletes the source's bytes.
    /// </summary>
    [BsonIgnoreIfNull]
    public string? CopyBlob { get; set; }
    /// <summary>A pending direct upload that will replace this file's content when completed (and its if_match, if any).</summary>
    [BsonIgnoreIfNull]
    public ObjectId? ReplacesId { get; set; }
    [BsonIgnoreIfNull]
    public string? ReplaceIfMatch { get; set; }
    /// <summary>
    /// A replacing direct upload being completed: the token of the completion that took it, whose content is landing on
    /// the file. No other change of the pending entry applies meanwhile; a completion repeated meanwhile waits for it.
    /// </summary>
    [BsonIgnoreIfNull]
    public ObjectId? LandingBy { get; set; }
    /// <summary>When TempCleanup's bit-rot sample last read the bytes again and compared their SHA-256.</summary>
    [BsonIgnoreIfNull]
    public DateTime? CheckedAt { get; set; }
    /// <summary>Immutable blob name (<c>{user_id}/{guid}</c>); renames and moves never touch it.</summary>
    public string? Blob { get; set; }
    [BsonSerializer(typeof(LowerCaseEnumSerializer<EntryState>))]
    public EntryState State { get; set; } = EntryState.Ready;
    /// <summary>Quota held while pending; zero once ready.</summary>
    public long ReservedBytes { get; set; }
    /// <summary>
    /// A pending entry's claim runs out then: upload-file renews it while bytes flow, a direct upload holds it until its
    /// URL expires. Past it, a new upload may take the name over and TempCleanup reclaims the entry.
    /// </summary>
    public DateTime? ExpiresAt { get; set; }
    /// <summary>Created by begin-upload: the client writes the bytes itself through a write-only SAS.</summary>
    public bool DirectUpload { get; set; }
    /// <summary>
    /// The upload-only link an upload through it was begun on: a pending entry holds one of that link's files
    /// (<see cref="Sharing.LinkSlot"/>), which whoever deletes the pending entry gives back. Kept once ready, as where
    /// the file came from; a ready file's removal gives nothing back.
    /// </summary>
    [BsonIgnoreIfNull]
    public ObjectId? LinkShareId { get; set; }
    public bool Shared { get; set; }
    /// <summary>
    /// Set by the removal that claimed this entry (its id also dates the claim): only that removal deletes the entry
    /// and gives back what it held; every other delete requires it unset.
    /// </summary>
    [BsonIgnoreIfNull]
    public ObjectId? RemovedBy { get; set; }
    /// <summary>Where a trashed entry came from, set only on the top of what was trashed (see <see cref="TrashInfo"/>).</summary>
    [BsonIgnoreIfNull]
    public TrashInfo? Trash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }

    public bool IsFolder => Kind == EntryKinds.Folder;

    /// <summary>What the file's content currently is called: its <c>version_id</c>.</summary>
    public ObjectId CurrentContentId => ContentId ?? Id;

    /// <summary>True when <paramref name="versionId"/> names one of the file's past contents.</summary>
    public bool HasVersion(ObjectId versionId) => Versions?.Any(v => v.Id == versionId) == true;

    /// <summary>True when the content <paramref name="contentId"/> is the file's, current or a version.</summary>
    public bool HoldsContent(ObjectId contentId) => CurrentContentId == contentId || HasVersion(contentId);

    /// <summary>What the entry charges against the quota once ready: its bytes and its versions'.</summary>
    public long ChargedBytes => IsFolder ? 0 : SizeBytes + VersionBytes;

    /// <summary>Every blob the entry references: its content's and its versions'.</summary>
    public IEnumerable<string> AllBlobs => (Versions ?? []).Select(v => v.Blob).Prepend(Blob).OfType<string>();

    /// <summary>Part of the tree as users see it: ready and claimed by no removal (the store's filter says the same).</summary>
    public bool IsVisible => State == EntryState.Ready && RemovedBy is null;

    public static EntryDocument NewFolder(long userId, ObjectId parentId, string name, DateTime now) => new EntryDocument
    {
        Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = parentId, Kind = EntryKinds.Folder,
        CreatedAt = now, ModifiedAt = now,
    }.Named(name);

    /// <summary>Sets the name and what search reads from it; every code path that names an entry goes through here.</summary>
    public EntryDocument Named(string name)
    {
        Name = name;
        NameFold = SearchText.Fold(name);
        NameKeys = SearchText.Keys(name);
        return this;
    }
}
