using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// Time passing for a worker, which lives in real time in its own process: every time stored for a user (its entries'
/// times, pending uploads' claims and trash; its links' times; its tree lease) moved back, so the worker sees it all as
/// that much older. A time-dependent job runs in the test process on a clock of its own instead (Maintenance/CleanupWorker).
/// </summary>
public static class Aging
{
    public static async Task AgeAsync(this Worker worker, long userId, TimeSpan by)
    {
        var entries = worker.Entries();
        foreach (var entry in await entries.Find(e => e.UserId == userId).ToListAsync())
        {
            var update = Builders<EntryDocument>.Update
                .Set(e => e.CreatedAt, entry.CreatedAt - by).Set(e => e.ModifiedAt, entry.ModifiedAt - by);
            if (entry.ExpiresAt is { } expires)
                update = update.Set(e => e.ExpiresAt, expires - by);
            // The trash is listed and purged by its key, an ObjectId made at deletion: it moves back too.
            if (entry.Trash is { } trash)
                update = update.Set(e => e.Trash!.DeletedAt, trash.DeletedAt - by)
                    .Set(e => e.Trash!.Key, ObjectId.GenerateNewId(trash.DeletedAt - by));
            await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == entry.Id, update);
        }

        var shares = worker.Shares();
        foreach (var share in await shares.Find(s => s.UserId == userId).ToListAsync())
        {
            var update = Builders<ShareDocument>.Update.Set(s => s.CreatedAt, share.CreatedAt - by);
            if (share.ExpiresAt is { } expires)
                update = update.Set(s => s.ExpiresAt, expires - by);
            if (share.LastDownloadAt is { } downloaded)
                update = update.Set(s => s.LastDownloadAt, downloaded - by);
            if (share.LastUploadAt is { } uploaded)
                update = update.Set(s => s.LastUploadAt, uploaded - by);
            await shares.UpdateOneAsync(s => s.UserId == userId && s.Id == share.Id, update);
        }

        var leases = worker.Get<IMongoDatabase>().GetCollection<LeaseDocument>("leases");
        if (await leases.Find(l => l.Id == $"tree:{userId}").FirstOrDefaultAsync() is { } lease)
            await leases.UpdateOneAsync(l => l.Id == lease.Id, Builders<LeaseDocument>.Update.Set(l => l.ExpiresAt, lease.ExpiresAt - by));
    }
}
