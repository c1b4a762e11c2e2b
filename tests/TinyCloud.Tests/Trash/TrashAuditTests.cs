using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Trash;

[Collection(Areas.Sharing)]
public sealed class TrashAuditTests(Stack stack)
{
    [Fact]
    public async Task TheAuditHoldsTrashedBytesAsChargedAndFindsATrashedEntryThatLostItsOriginOrKeptItsFlag()
    {
        var worker = stack.Worker;
        using var client = await worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/box")).ShouldBeSuccess();
        (await client.UploadAsync("/box/in.bin", new byte[100])).ShouldBeSuccess();
        var id = ObjectId.Parse(await client.TrashIdAsync("/box", "folder"));
        var audit = worker.Get<DriveAudit>();
        (await audit.CheckAsync(userId, idle: true, default)).ShouldBeEmpty("trashed bytes are charged, not leaked");
        var entries = worker.Entries();
        var inside = await entries.Find(e => e.ParentId == id && e.Id != id).SingleAsync();

        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == inside.Id, Builders<EntryDocument>.Update.Set(e => e.Shared, true));
        (await audit.CheckAsync(userId, idle: true, default)).ShouldContain(p => p.Contains("is in the trash but still marked shared"));
        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == inside.Id, Builders<EntryDocument>.Update.Set(e => e.Shared, false));

        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == id, Builders<EntryDocument>.Update.Unset(e => e.Trash));
        (await audit.CheckAsync(userId, idle: true, default)).ShouldContain(p => p.Contains("trashed but not cut out with its origin"));
        await entries.UpdateOneAsync(e => e.UserId == userId && e.Id == id, Builders<EntryDocument>.Update.Set(e => e.State, EntryState.Ready));
        var problems = await audit.CheckAsync(userId, idle: true, default);
        problems.ShouldContain(p => p.Contains("used_bytes is 100 but the listed files hold 0"), "a cut-out folder that is not in the trash holds nothing charged");
        problems.ShouldContain(p => p.Contains("not reachable from a root"));
    }
}
