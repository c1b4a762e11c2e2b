using MongoDB.Bson;
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

    /// <summary>A new link to an entry, with a fresh random hashed_link.</summary>
    public static ShareDocument New(long userId, ObjectId entryId, DateTime now, DateTime? expiresAt, long? maxDownloads) => new()
    {
        Id = ObjectId.GenerateNewId(), UserId = userId, HashedLink = HashedLinks.New(), EntryId = entryId, CreatedAt = now,
        ExpiresAt = expiresAt, MaxDownloads = maxDownloads,
    };

    /// <summary>Not expired and with downloads left.</summary>
    public bool IsLive(DateTime now) => (ExpiresAt is null || ExpiresAt > now) && (MaxDownloads is null || Downloads < MaxDownloads);
}

/// <summary>A share and where its entry is now.</summary>
public sealed record SharedEntry(ShareDocument Share, Located Target);
