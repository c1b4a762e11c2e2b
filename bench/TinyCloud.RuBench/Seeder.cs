using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.RuBench;

/// <summary>Drives written straight into MongoDB, as the worker would store them, for the large cases.</summary>
public static class Seeder
{
    public const string AdminKey = "ru-bench-admin-key-0123456789";

    /// <summary>A folder of <paramref name="count"/> entries (10 folders of empty subfolders) under the user's mere root.</summary>
    public static async Task FolderOfAsync(IMongoDatabase db, long userId, string name, int count)
    {
        var now = DateTime.UtcNow;
        var top = Entry(userId, DriveRoots.Id(userId, FileFields.Mere), name, EntryKinds.Folder, now);
        var docs = new List<EntryDocument> { top };
        for (var i = 0; docs.Count < count; i++)
        {
            var group = Entry(userId, top.Id, $"g{i}", EntryKinds.Folder, now);
            docs.Add(group);
            for (var j = 0; j < 99 && docs.Count < count; j++)
                docs.Add(Entry(userId, group.Id, $"e{j}", EntryKinds.Folder, now));
        }
        await Entries(db).InsertManyAsync(docs);
    }

    /// <summary>
    /// Users with <paramref name="entriesPerUser"/> entries each: folders and 1 KB files in mere, and a tenth of them as
    /// temporary files last modified two days ago (so TempCleanup purges them). The counters agree with the entries.
    /// </summary>
    public static async Task<long> CleanupDriveAsync(IMongoDatabase db, int users, int entriesPerUser)
    {
        var old = DateTime.UtcNow.AddDays(-2);
        long total = 0;
        for (var u = 0; u < users; u++)
        {
            var userId = 9_000_000 + u;
            var docs = new List<EntryDocument>();
            EntryDocument? folder = null;
            long used = 0;
            for (var i = 0; i < entriesPerUser; i++)
            {
                if (i % 10 == 9)
                    docs.Add(File(userId, DriveRoots.Id(userId, FileFields.Temporary), $"t{i}.bin", old));
                else if (i % 50 == 0)
                    docs.Add(folder = Entry(userId, DriveRoots.Id(userId, FileFields.Mere), $"d{i}", EntryKinds.Folder, old));
                else
                    docs.Add(File(userId, folder!.Id, $"f{i}.bin", old));
            }
            used = docs.Where(d => !d.IsFolder).Sum(d => d.SizeBytes);
            await Entries(db).InsertManyAsync(docs);
            var quota = 10L << 30;
            await db.GetCollection<UserDocument>(UserStore.CollectionName).InsertOneAsync(new UserDocument
            {
                Id = userId, UserName = $"seeded{u}", UserNameKey = $"seeded{u}", UserEmail = $"seeded{u}@example.com",
                PasswordHash = "-", Verified = true, QuotaBytes = quota, UsedBytes = used, FreeBytes = quota - used, CreatedAt = old,
            });
            total += docs.Count;
        }
        return total;
    }

    private static EntryDocument File(long userId, ObjectId parent, string name, DateTime at)
    {
        var file = Entry(userId, parent, name, EntryKinds.File, at);
        (file.SizeBytes, file.Blob, file.MimeType, file.Md5) = (1024, $"u{userId}/{Guid.NewGuid():N}", "application/octet-stream", "0");
        return file;
    }

    private static EntryDocument Entry(long userId, ObjectId parent, string name, string kind, DateTime at) => new EntryDocument
    {
        Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = parent, Kind = kind, State = EntryState.Ready,
        CreatedAt = at, ModifiedAt = at,
    }.Named(name); // with its search keys, as the worker writes every entry

    private static IMongoCollection<EntryDocument> Entries(IMongoDatabase db) => db.GetCollection<EntryDocument>(EntryStore.CollectionName);
}
