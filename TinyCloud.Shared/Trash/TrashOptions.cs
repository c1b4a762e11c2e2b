namespace TinyCloud.Shared.Trash;

public sealed class TrashOptions
{
    /// <summary>Days an entry stays in the trash before TempCleanup deletes it for good.</summary>
    public int RetentionDays { get; set; } = 30;
}
