namespace TinyCloud.Shared.Drive;

/// <summary>
/// An earlier content of a file, kept inside the file's own document (<see cref="EntryDocument.Versions"/>): a replace
/// or a restore moves the current content here and the new one in, in one update of that one document, so a reader
/// gets the old or the new bytes and never half of each. Its blob is referenced by nothing else.
/// </summary>
public sealed class FileVersion
{
    /// <summary>The content's id: the file's <c>version_id</c> while it was current.</summary>
    public MongoDB.Bson.ObjectId Id { get; set; }
    public string Blob { get; set; } = "";
    public long SizeBytes { get; set; }
    public string? Md5 { get; set; }
    public string? Sha256 { get; set; }
    public string? MimeType { get; set; }
    /// <summary>When this content was written.</summary>
    public DateTime ModifiedAt { get; set; }
    /// <summary>When it stopped being the current content.</summary>
    public DateTime VersionedAt { get; set; }

    /// <summary>The current content of <paramref name="file"/>, as the version it becomes at <paramref name="now"/>.</summary>
    public static FileVersion Of(EntryDocument file, DateTime now) => new()
    {
        Id = file.ContentId ?? file.Id, Blob = file.Blob!, SizeBytes = file.SizeBytes, Md5 = file.Md5, Sha256 = file.Sha256,
        MimeType = file.MimeType, ModifiedAt = file.ModifiedAt, VersionedAt = now,
    };
}
