using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

public static class MongoErrors
{
    public static bool IsDuplicateKey(this MongoException exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoCommandException command => command.Code == 11000,
        _ => false,
    };
}
