namespace TinyCloud.Shared.Storage;

/// <summary>
/// Whether the blob container and every store's indexes are in place, as <see cref="StorageInitializer"/> last found
/// them. Until they are, writes are refused: a unique index that is missing decides nothing.
/// </summary>
public sealed class StorageReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    internal void Set(bool ready) => _ready = ready;
}
