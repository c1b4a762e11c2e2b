using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>The raw collections behind a worker, for tests that inspect or corrupt documents by hand.</summary>
public static class Documents
{
    public static IMongoCollection<EntryDocument> Entries(this Worker worker) =>
        worker.Get<IMongoDatabase>().GetCollection<EntryDocument>(EntryStore.CollectionName);

    public static IMongoCollection<UserDocument> Users(this Worker worker) =>
        worker.Get<IMongoDatabase>().GetCollection<UserDocument>(UserStore.CollectionName);

    public static IMongoCollection<ShareDocument> Shares(this Worker worker) =>
        worker.Get<IMongoDatabase>().GetCollection<ShareDocument>("shares");

    /// <summary>The visible entry at a path of a field, resolved as the worker resolves it.</summary>
    public static async Task<EntryDocument?> EntryAtAsync(this Worker worker, long userId, string field, string path) =>
        (await worker.Get<DriveTree>().ResolveAsync(userId, field, path, default))?.Entry;
}
