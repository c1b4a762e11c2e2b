using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using TinyCloud.Tests.Maintenance;

namespace TinyCloud.Tests.Trash;

/// <summary>
/// An entry cut out of the tree becomes its own parent; under its own name it would clash, in the unique
/// (user, parent, name) index, with a child of that name. Every cut-out therefore takes a name no entry can have.
/// </summary>
[Collection(Areas.Sharing)]
public sealed class CutOutNameTests(Stack stack)
{
    [Fact]
    public async Task DeletingAFolderThatHoldsAChildOfItsOwnNameDeletesBoth()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/x")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/x/x")).ShouldBeSuccess();
        (await client.UploadAsync("/x/x/f", new byte[40])).ShouldBeSuccess();

        var deleted = await client.DeleteAsync("/x", "folder");

        deleted.ShouldBeSuccess();
        deleted.Body["deleted_entries"]!.GetValue<int>().ShouldBe(3);
        (await client.LayerAsync("/")).ShouldBeEmpty();
        (await client.QuotaAsync()).Used.ShouldBe(0);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after deleting /x");
    }

    [Fact]
    public async Task TempCleanupCutsOutAnOrphanThatHoldsAChildOfItsOwnName()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/p")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/p/o")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/p/o/o")).ShouldBeSuccess();
        (await client.UploadAsync("/p/o/o/f", new byte[9])).ShouldBeSuccess();
        var parent = (await cleanup.Worker.EntryAtAsync(userId, "mere", "/p"))!;
        await cleanup.Worker.Entries().DeleteOneAsync(e => e.UserId == userId && e.Id == parent.Id); // a parent removed without its child

        var summary = await cleanup.RunAsync();

        summary.TreeRepairs.OrphansDetached.ShouldBe(1);
        summary.TreeRepairs.FreedBytes.ShouldBe(9);
        (await client.QuotaAsync()).Used.ShouldBe(0);
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after the repair");
    }
}
