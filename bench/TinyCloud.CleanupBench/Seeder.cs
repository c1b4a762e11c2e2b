using Azure.Storage.Blobs;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.CleanupBench;

/// <summary>
/// Writes the benchmark's data straight through the stores: per user 100 entries — 20 old temporary entries in a
/// folder, 10 old and 10 young temporary files, 50 entries in mere, 5 abandoned and 5 live pending uploads — plus
/// some real blobs (half referenced, half orphans), and a corrupted counter for one user in ten.
/// </summary>
public sealed class Seeder(IMongoDatabase db, BlobContainerClient container, TimeProvider clock)
{
    public const int EntriesPerUser = 100;
    private const int FileBytes = 1024;

    public async Task SeedAsync(int userCount, int blobsPerUser, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        for (var userId = 1L; userId <= userCount; userId++)
        {
            var userEntries = EntriesFor(userId, now).ToList();
            await db.GetCollection<EntryDocument>(EntryStore.CollectionName).InsertManyAsync(userEntries, cancellationToken: ct);
            await db.GetCollection<UserDocument>(UserStore.CollectionName).InsertOneAsync(UserFor(userId, userEntries, now), cancellationToken: ct);
            await WriteBlobsAsync(userEntries.Where(e => e.Blob is not null).Take(blobsPerUser / 2).Select(e => e.Blob!)
                .Concat(Enumerable.Range(0, blobsPerUser / 2).Select(_ => LegacyName(userId))), ct);
        }
    }

    private static IEnumerable<EntryDocument> EntriesFor(long userId, DateTime now)
    {
        var old = now.AddHours(-48);
        var (temporary, mere) = (DriveRoots.Id(userId, FileFields.Temporary), DriveRoots.Id(userId, FileFields.Mere));
        var oldFolder = Entry(userId, temporary, "old", EntryKinds.Folder, old);
        yield return oldFolder;
        for (var i = 0; i < 19; i++)
            yield return Entry(userId, oldFolder.Id, $"f{i}", EntryKinds.File, old);
        for (var i = 0; i < 10; i++)
            yield return Entry(userId, temporary, $"stale{i}", EntryKinds.File, old);
        for (var i = 0; i < 10; i++)
            yield return Entry(userId, temporary, $"fresh{i}", EntryKinds.File, now.AddMinutes(-5));
        var docs = Entry(userId, mere, "docs", EntryKinds.Folder, old);
        yield return docs;
        for (var i = 0; i < 49; i++)
            yield return Entry(userId, docs.Id, $"d{i}", EntryKinds.File, old);
        for (var i = 0; i < 10; i++)
        {
            var pending = Entry(userId, mere, $"upload{i}", EntryKinds.File, now.AddHours(-2));
            pending.State = EntryState.Pending;
            pending.SizeBytes = 0;
            pending.ReservedBytes = FileBytes;
            pending.ExpiresAt = i < 5 ? now.AddHours(-1) : now.AddHours(1);
            yield return pending;
        }
    }

    private static EntryDocument Entry(long userId, ObjectId parentId, string name, string kind, DateTime at) => new()
    {
        Id = ObjectId.GenerateNewId(), UserId = userId, ParentId = parentId, Name = name, Kind = kind, SizeBytes = kind == EntryKinds.File ? FileBytes : 0,
        Blob = kind == EntryKinds.File ? LegacyName(userId) : null, State = EntryState.Ready,
        CreatedAt = at, ModifiedAt = at,
    };

    private static UserDocument UserFor(long userId, List<EntryDocument> userEntries, DateTime now)
    {
        var used = userEntries.Where(e => e.State == EntryState.Ready).Sum(e => e.SizeBytes);
        var reserved = userEntries.Sum(e => e.ReservedBytes);
        const long quota = 10L * 1024 * 1024 * 1024;
        return new UserDocument
        {
            Id = userId, UserName = $"bench{userId}", UserNameKey = $"bench{userId}", UserEmail = $"bench{userId}@example.com",
            Verified = true, QuotaBytes = quota, UsedBytes = used + (userId % 10 == 0 ? 4096 : 0), ReservedBytes = reserved,
            FreeBytes = quota - used - reserved, CreatedAt = now,
        };
    }

    /// <summary>The blob names of older versions, <c>{user_id}/{guid}</c>, which the sweep still judges.</summary>
    private static string LegacyName(long userId) => $"{userId}/{Guid.NewGuid():N}";

    private async Task WriteBlobsAsync(IEnumerable<string> names, CancellationToken ct) =>
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (name, token) => await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(new byte[FileBytes]), token));
}
