using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.TreeBench;

/// <summary>
/// Writes the benchmark's drive straight into MongoDB before a worker starts on it, in either model: a folder of 200
/// at depth 1, one of 200 at depth 8, and /big holding 10,000 descendants (100 folders of 99 files).
/// </summary>
public static class Seeder
{
    public const long UserId = 1;
    public const string Email = "bench@example.com";
    public const string Password = "benchmark password";
    public const int LayerSize = 200;
    public const int BigFolders = 100;
    public const int FilesPerBigFolder = 99;

    public static readonly string DeepFolder = "/" + string.Join('/', Enumerable.Range(1, 8).Select(i => $"l{i}"));

    public static async Task SeedAsync(IMongoDatabase db, bool legacy)
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
                ["state"] = EntryStates.Ready, ["reserved_bytes"] = 0L, ["direct_upload"] = false, ["shared"] = false,
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
        Add("/d1", EntryKinds.Folder);
        for (var i = 0; i < LayerSize; i++)
            Add($"/d1/e{i:000}", i < 20 ? EntryKinds.Folder : EntryKinds.File);
        for (var depth = 1; depth <= 8; depth++)
            Add("/" + string.Join('/', Enumerable.Range(1, depth).Select(i => $"l{i}")), EntryKinds.Folder);
        for (var i = 0; i < LayerSize; i++)
            Add($"{DeepFolder}/e{i:000}", i < 20 ? EntryKinds.Folder : EntryKinds.File);
        Add("/big", EntryKinds.Folder);
        for (var f = 0; f < BigFolders; f++)
        {
            Add($"/big/f{f:000}", EntryKinds.Folder);
            for (var i = 0; i < FilesPerBigFolder; i++)
                Add($"/big/f{f:000}/x{i:000}", EntryKinds.File);
        }
        foreach (var batch in entries.Chunk(1000))
            await db.GetCollection<BsonDocument>(EntryStore.CollectionName).InsertManyAsync(batch);
    }
}
