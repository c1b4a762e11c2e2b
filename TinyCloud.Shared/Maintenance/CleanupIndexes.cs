using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>The indexes the cleanup's queries need beyond those the stores create for live traffic.</summary>
public sealed class CleanupIndexes(EntryStore entries, UserStore users) : IHasIndexes
{
    public async Task EnsureIndexesAsync(CancellationToken ct)
    {
        await entries.Collection.Indexes.CreateOneAsync(new CreateIndexModel<EntryDocument>(
            Builders<EntryDocument>.IndexKeys.Ascending(e => e.Field).Ascending(e => e.ModifiedAt)), cancellationToken: ct);
        await users.Collection.Indexes.CreateOneAsync(new CreateIndexModel<UserDocument>(
            Builders<UserDocument>.IndexKeys.Ascending(u => u.Avatar)), cancellationToken: ct);
    }
}
