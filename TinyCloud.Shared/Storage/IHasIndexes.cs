namespace TinyCloud.Shared.Storage;

/// <summary>A store that owns MongoDB indexes; the initializer creates them all at start-up.</summary>
public interface IHasIndexes
{
    Task EnsureIndexesAsync(CancellationToken ct);
}
