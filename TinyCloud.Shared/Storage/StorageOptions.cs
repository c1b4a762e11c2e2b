namespace TinyCloud.Shared.Storage;

public sealed class MongoOptions
{
    public string ConnectionString { get; set; } = "";
    public string Database { get; set; } = "tinycloud";
    /// <summary><c>mongodb</c>, <c>cosmos-ru</c> or <c>cosmos-vcore</c>; detected from the host name when unset.</summary>
    public string? Flavor { get; set; }
    /// <summary>How often the indexes are checked (and made again if a database lost them).</summary>
    public int IndexCheckSeconds { get; set; } = 60;
    /// <summary>How often the unique indexes that guard writes are listed (a missing one stops those writes at once).</summary>
    public int UniqueIndexCheckSeconds { get; set; } = 5;
    /// <summary>How long one call keeps retrying when Cosmos DB throttles it (16500) before the request answers 429; 0 = never.</summary>
    public double ThrottleRetrySeconds { get; set; } = 2;

    public string EffectiveFlavor => string.IsNullOrWhiteSpace(Flavor) ? MongoFlavors.Detect(ConnectionString) : Flavor;
}

public sealed class BlobOptions
{
    public string ConnectionString { get; set; } = "";
    public string Container { get; set; } = "tinycloud";
    /// <summary>A removal's blob deletes go 16 at a time, each group within this long; a group that fails or runs over pauses them.</summary>
    public double DeleteAttemptSeconds { get; set; } = 3;
    /// <summary>After a failed group no removal deletes blobs for this long; TempCleanup's orphan sweep takes what is left.</summary>
    public double DeleteOutagePauseSeconds { get; set; } = 30;
}
