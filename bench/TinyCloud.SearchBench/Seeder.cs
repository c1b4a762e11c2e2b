using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.SearchBench;

/// <summary>
/// Writes one user's drive straight into MongoDB, before a worker starts on it (the stand-in checks unique indexes by
/// scanning, so the indexes come after the data): <c>count</c> entries as the app stores them (EntryDocument, named
/// through <see cref="EntryDocument.Named"/>, so with their search keys), one folder in twenty, spread over the three
/// fields and up to six levels deep.
/// </summary>
public static class Seeder
{
    public const long UserId = 1;
    public const string Email = "search-bench@example.com";
    public const string Password = "benchmark password";

    public static async Task SeedAsync(IMongoDatabase db, int count)
    {
        var now = DateTime.UtcNow;
        await db.GetCollection<UserDocument>(UserStore.CollectionName).InsertOneAsync(new UserDocument
        {
            Id = UserId, UserName = "searchbench", UserNameKey = "searchbench", UserEmail = Email,
            PasswordHash = PasswordHasher.Hash(Password), Verified = true, QuotaBytes = 1L << 40, FreeBytes = 1L << 40, CreatedAt = now,
        });
        var names = new Names(count);
        var folders = new List<(ObjectId Id, int Depth)>();
        var taken = new HashSet<(ObjectId, string)>();
        var entries = new List<EntryDocument>(count);
        ObjectId Root() => DriveRoots.Id(UserId, names.Next(10) switch { < 7 => FileFields.Mere, < 9 => FileFields.Special, _ => FileFields.Temporary });
        while (entries.Count < count)
        {
            var isFolder = entries.Count % 20 == 0;
            var (parent, depth) = folders.Count == 0 || names.Next(25) == 0 ? (Root(), 0) : folders[names.Next(folders.Count)];
            if (isFolder && depth >= 6)
                (parent, depth) = (Root(), 0);
            var name = isFolder ? names.Folder() : names.File();
            for (var n = 2; !taken.Add((parent, name)); n++)
                name = $"{Path.GetFileNameWithoutExtension(name)} ({n}){Path.GetExtension(name)}";
            var entry = new EntryDocument
            {
                Id = ObjectId.GenerateNewId(), UserId = UserId, ParentId = parent,
                Kind = isFolder ? EntryKinds.Folder : EntryKinds.File, SizeBytes = isFolder ? 0 : 1000 + names.Next(1_000_000),
                MimeType = isFolder ? null : "application/octet-stream", CreatedAt = now, ModifiedAt = now,
            }.Named(name);
            if (isFolder)
                folders.Add((entry.Id, depth + 1));
            entries.Add(entry);
        }
        foreach (var batch in entries.Chunk(1000))
            await db.GetCollection<EntryDocument>(EntryStore.CollectionName).InsertManyAsync(batch);
    }
}
