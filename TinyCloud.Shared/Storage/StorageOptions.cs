namespace TinyCloud.Shared.Storage;

public sealed class MongoOptions
{
    public string ConnectionString { get; set; } = "";
    public string Database { get; set; } = "tinycloud";
}

public sealed class BlobOptions
{
    public string ConnectionString { get; set; } = "";
    public string Container { get; set; } = "tinycloud";
}
