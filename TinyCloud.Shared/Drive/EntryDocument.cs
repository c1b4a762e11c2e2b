using MongoDB.Bson;

namespace TinyCloud.Shared.Drive;

public static class EntryKinds
{
    public const string File = "file";
    public const string Folder = "folder";
}

public static class EntryStates
{
    /// <summary>Bytes are still flowing; the entry holds a quota reservation and is invisible to listings.</summary>
    public const string Pending = "pending";
    public const string Ready = "ready";
}

/// <summary>One file or folder. Roots ("/") are implicit: every field of every user has one.</summary>
public sealed class EntryDocument
{
    public ObjectId Id { get; set; }
    public long UserId { get; set; }
    public string Field { get; set; } = "";
    public string Path { get; set; } = "";
    public string Parent { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = EntryKinds.File;
    public long SizeBytes { get; set; }
    public string? MimeType { get; set; }
    /// <summary>Lower-case hex MD5 of the bytes (files only).</summary>
    public string? Md5 { get; set; }
    /// <summary>Immutable blob name (<c>{user_id}/{guid}</c>); renames and moves never touch it.</summary>
    public string? Blob { get; set; }
    public string State { get; set; } = EntryStates.Ready;
    /// <summary>Quota held while pending; zero once ready.</summary>
    public long ReservedBytes { get; set; }
    /// <summary>When a pending entry is considered abandoned and reclaimed by TempCleanup.</summary>
    public DateTime? ExpiresAt { get; set; }
    /// <summary>Created by begin-upload: the client writes the bytes itself through a write-only SAS.</summary>
    public bool DirectUpload { get; set; }
    public bool Shared { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }

    public bool IsFolder => Kind == EntryKinds.Folder;
}
