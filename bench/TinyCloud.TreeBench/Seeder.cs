using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.TreeBench;

/// <summary>
/// Writes the benchmark's drive straight into MongoDB before a worker starts on it, in either model: a folder of 200
/// at depth 1, one of 200 at depth 8, /mid holding 1,000 descendants (10 folders of 99 files) and /big holding 10,000
/// (100 folders of 99 files).
/// </summary>
public static class Seeder
{
    public const long UserId = 1;
    public const string Email = "bench@example.com";
    public const string Password = "benchmark password";
    public const int LayerSize = 200;
    public const int FilesPerFolder = 99;

    public static readonly string DeepFolder = "/" + string.Join('/', Enumerable.Range(1, 8).Select(i => $"l{i}"));

    /// <summary>With <paramref name="onlyMid"/>, /mid alone: a drive of 1,001 entries.</summary>
    public static async Task SeedAsync(IMongoDatabase db, bool legacy, bool onlyMid = false)
    {
        var now = DateTime.UtcNow;
        await db.GetCollection<UserDocument>(UserStore.CollectionName).InsertOneAsync(new UserDocument
        {
            Id = UserId, UserName = "bench", UserNameKey = "bench", UserEmail = Email, PasswordHash = PasswordHasher.Hash(Password),
            Verified = true, QuotaBytes = 1L << 40, FreeBytes = 1L << 40, CreatedAt = now,
        });
        var entries = new List<BsonDocument>();
        var ids = new Dictionary<string, ObjectId> { ["/"] = DriveRoots.Id(UserId, FileFields.Mere) };
        void Add(string path, string kind)
        {
            var id = ObjectId.GenerateNewId();
            var doc = new BsonDocument
            {
                ["_id"] = id, ["user_id"] = UserId, ["name"] = DrivePath.Name(path), ["kind"] = kind, ["size_bytes"] = 0L,
                ["state"] = "ready", ["reserved_bytes"] = 0L, ["direct_upload"] = false, ["shared"] = false,
                ["created_at"] = now, ["modified_at"] = now,
            };
            if (legacy)
                doc.AddRange(new BsonDocument { ["field"] = FileFields.Mere, ["path"] = path, ["parent"] = DrivePath.Parent(path) });
            else
                doc["parent_id"] = ids[DrivePath.Parent(path)];
            if (kind == EntryKinds.Folder)
                ids[path] = id;
            entries.Add(doc);
        }
        foreach (var (top, folders) in onlyMid ? [("/mid", 10)] : new[] { ("/mid", 10), ("/big", 100) })
        {
            Add(top, EntryKinds.Folder);
            for (var f = 0; f < folders; f++)
            {
                Add($"{top}/f{f:000}", EntryKinds.Folder);
                for (var i = 0; i < FilesPerFolder; i++)
                    Add($"{top}/f{f:000}/x{i:000}", EntryKinds.File);
            }
        }
        if (onlyMid)
        {
            await InsertAsync(db, entries);
            return;
        }
        Add("/d1", EntryKinds.Folder);
        for (var i = 0; i < LayerSize; i++)
            Add($"/d1/e{i:000}", i < 20 ? EntryKinds.Folder : EntryKinds.File);
        for (var depth = 1; depth <= 8; depth++)
            Add("/" + string.Join('/', Enumerable.Range(1, depth).Select(i => $"l{i}")), EntryKinds.Folder);
        for (var i = 0; i < LayerSize; i++)
            Add($"{DeepFolder}/e{i:000}", i < 20 ? EntryKinds.Folder : EntryKinds.File);
        await InsertAsync(db, entries);
    }

    private static async Task InsertAsync(IMongoDatabase db, List<BsonDocument> entries)
    {
        foreach (var batch in entries.Chunk(1000))
            await db.GetCollection<BsonDocument>(EntryStore.CollectionName).InsertManyAsync(batch);
    }
}
