namespace TinyCloud.Shared.Storage;

/// <summary>A store that owns MongoDB indexes; the initializer creates them all at start-up.</summary>
public interface IHasIndexes
{
    Task EnsureIndexesAsync(CancellationToken ct);
}

/// <summary>
/// A store whose writes rely on unique indexes of its collection: while one of them is missing, the routes that write
/// it are refused (<see cref="StorageReadiness.IsGuarded"/>), and when duplicates written meanwhile block the rebuild,
/// <see cref="RepairDuplicatesAsync"/> makes the documents unique again without losing any of them.
/// </summary>
public interface IHasUniqueIndexes : IHasIndexes
{
    string Collection { get; }

    IReadOnlyList<string> UniqueIndexes { get; }

    /// <summary>Keeps the oldest of each set of duplicates as it is and changes the others (never deletes one).</summary>
    Task<IReadOnlyList<IndexRepair>> RepairDuplicatesAsync(DateTime now, CancellationToken ct);
}
