using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Sharing;

/// <summary>One public link to one entry. It names the entry by id, so renames and moves keep it working.</summary>
public sealed class ShareDocument
{
    public ObjectId Id { get; set; }
    public long UserId { get; set; }
    public string HashedLink { get; set; } = "";
    public ObjectId EntryId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public long? MaxDownloads { get; set; }
    public long Downloads { get; set; }
    [BsonIgnoreIfNull]
    public DateTime? LastDownloadAt { get; set; }

    /// <summary>bcrypt hash of the link's password (as account passwords are hashed); null for an open link.</summary>
    [BsonIgnoreIfNull]
    public string? PasswordHash { get; set; }
    /// <summary>Raised whenever the password is set or removed, so every grant issued under the old one dies.</summary>
    public int PasswordVersion { get; set; }

    /// <summary>A file request: visitors may upload into the folder but neither list nor download it.</summary>
    public bool UploadOnly { get; set; }
    [BsonIgnoreIfNull]
    public long? MaxFileBytes { get; set; }
    /// <summary>Never changes once set, so "uploads &lt; max_files" is a plain filter, as for max_downloads.</summary>
    [BsonIgnoreIfNull]
    public long? MaxFiles { get; set; }
    /// <summary>
    /// Files taken by an upload-only link: each upload counts one before it starts, held by its pending entry while it
    /// is in flight and given back by whoever deletes that entry (<see cref="LinkSlot"/>), kept once the file is in.
    /// </summary>
    public long Uploads { get; set; }
    [BsonIgnoreIfNull]
    public DateTime? LastUploadAt { get; set; }

    public bool IsProtected => PasswordHash is not null;

    /// <summary>A new link to an entry, with a fresh random hashed_link.</summary>
    public static ShareDocument New(long userId, ObjectId entryId, DateTime now, DateTime? expiresAt, long? maxDownloads) => new()
    {
        Id = ObjectId.GenerateNewId(), UserId = userId, HashedLink = HashedLinks.New(), EntryId = entryId, CreatedAt = now,
        ExpiresAt = expiresAt, MaxDownloads = maxDownloads,
    };

    /// <summary>Not expired and with downloads left.</summary>
    public bool IsLive(DateTime now) => (ExpiresAt is null || ExpiresAt > now) && (MaxDownloads is null || Downloads < MaxDownloads);
}

/// <summary>
/// A share and where its entry is now; resolved from a public link, also the owner and the chain from the root to the
/// entry, as just read.
/// </summary>
public sealed record SharedEntry(ShareDocument Share, Located Target)
{
    public Accounts.UserDocument? Owner { get; init; }
    public IReadOnlyList<EntryDocument>? Chain { get; init; }
}
