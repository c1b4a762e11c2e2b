using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Sharing;

/// <summary>What sharing reads and writes on entries, kept here so the drive's store stays the drive's.</summary>
public static class EntrySharing
{
    /// <summary>The <c>shared</c> flag listings show; the shares collection is what public links trust.</summary>
    public static Task SetSharedAsync(this EntryStore entries, ObjectId entryId, bool shared, CancellationToken ct) =>
        entries.Collection.UpdateOneAsync(e => e.Id == entryId, Builders<EntryDocument>.Update.Set(e => e.Shared, shared),
            cancellationToken: ct);

    public static async Task<Dictionary<ObjectId, EntryDocument>> FindByIdsAsync(
        this EntryStore entries, IEnumerable<ObjectId> ids, CancellationToken ct) =>
        (await entries.Collection.Find(Builders<EntryDocument>.Filter.In(e => e.Id, ids)).ToListAsync(ct))
            .ToDictionary(e => e.Id);
}
