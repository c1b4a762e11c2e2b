using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Integrity;

/// <summary>The invariant checker that the race tests and TempCleanup rely on must itself catch a corrupted drive.</summary>
[Collection(Areas.Integrity)]
public sealed class DriveAuditTests(Stack stack)
{
    [Fact]
    public async Task TheAuditFindsAnEntryWithoutItsParentACounterThatDriftedAndAShareOfAnUnlistedEntry()
    {
        var worker = stack.Worker;
        using var client = await worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/a.txt", new byte[100])).ShouldBeSuccess();
        await client.LinkAsync("/docs/a.txt");
        var audit = worker.Get<DriveAudit>();
        (await audit.CheckAsync(userId, idle: true, default)).ShouldBeEmpty();
        var file = (await worker.EntryAtAsync(userId, "mere", "/docs/a.txt"))!;
        var entries = worker.Entries();

        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == file.Id, Builders<EntryDocument>.Update.Set(e => e.ParentId, ObjectId.GenerateNewId()));
        var problems = await audit.CheckAsync(userId, idle: true, default);
        problems.ShouldContain(p => p.Contains("has no parent"));
        problems.ShouldContain(p => p.Contains("used_bytes is 100 but the listed files hold 0"));
        problems.ShouldContain(p => p.Contains("points at") && p.Contains("not a listed entry"));
        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == file.Id, Builders<EntryDocument>.Update.Set(e => e.ParentId, file.ParentId));
        (await audit.CheckAsync(userId, idle: true, default)).ShouldBeEmpty();

        await worker.Users().UpdateOneAsync(u => u.Id == userId, Builders<UserDocument>.Update.Inc(u => u.UsedBytes, 5L));
        problems = await audit.CheckAsync(userId, idle: true, default);
        problems.ShouldContain(p => p.Contains("used_bytes is 105 but the listed files hold 100"));
        problems.ShouldContain(p => p.Contains("free_bytes is"));
        await worker.Users().UpdateOneAsync(u => u.Id == userId, Builders<UserDocument>.Update.Inc(u => u.UsedBytes, -5L));

        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == file.Id, Builders<EntryDocument>.Update.Set(e => e.State, EntryState.Pending));
        (await audit.CheckAsync(userId, idle: true, default)).ShouldContain(p => p.Contains("is still pending"));
        (await audit.CheckAsync(userId, idle: false, default)).ShouldNotContain(p => p.Contains("is still pending"));
    }
}
