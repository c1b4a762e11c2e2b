using MongoDB.Bson;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// What restoring a trashed entry needs, kept on the entry itself (the top of what was trashed). The parent is kept by
/// id, so a restore goes back into that folder even after it was renamed or moved; the path is for display only.
/// </summary>
public sealed class TrashInfo
{
    /// <summary>Time-ordered and unique (an ObjectId made at deletion): the trash is listed and purged in its order.</summary>
    public ObjectId Key { get; set; }
    public string Field { get; set; } = FileFields.Mere;
    public ObjectId ParentId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The absolute path at deletion.</summary>
    public string Path { get; set; } = DrivePath.Root;
    public DateTime DeletedAt { get; set; }
}
