using System.Net;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Removal;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using TinyCloud.Tests.Maintenance;

namespace TinyCloud.Tests.Sharing;

/// <summary>
/// A direct upload begun through an upload-only link and never finished by the visitor: whoever removes its pending
/// entry (TempCleanup's reclaim, a removal) gives its file of max_files back, once.
/// </summary>
[Collection(Areas.Sharing)]
public sealed class LinkSlotReclaimTests(Stack stack)
{
    [Fact]
    public async Task AnAbandonedLinkUploadReclaimedByCleanupGivesItsFileBackAndTheLinkTakesAnother()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var owner = await cleanup.Worker.NewClient().SignUpAsync();
        var userId = await owner.UserIdAsync();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true, max_files = 2 });
        using var visitor = cleanup.Worker.NewClient();
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "kept.txt", [1, 2, 3])).ShouldBeSuccess();
        var abandoned = await visitor.BeginThroughAsync(owner.UserName!, link, "never.bin", 4096);
        abandoned.ShouldBeSuccess();
        (await visitor.BeginThroughAsync(owner.UserName!, link, "refused.bin", 10)).ShouldBeError(HttpStatusCode.Conflict, "max_files");

        cleanup.Clock.Advance(TimeSpan.FromMinutes(76)); // past the URL's 60 minutes and the 15 minutes' grace
        var summary = await cleanup.RunAsync();

        summary.AbandonedUploads.Count.ShouldBe(1);
        summary.AbandonedUploads.Bytes.ShouldBe(4096);
        (await visitor.CompleteThroughAsync(owner.UserName!, link, abandoned.Body["upload_id"]!.GetValue<string>()))
            .ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(1);
        (await owner.ListSharedAsync()).Single()["uploads"]!.GetValue<long>().ShouldBe(1);

        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "late.txt", [4])).ShouldBeSuccess();
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "extra.txt", [5])).ShouldBeError(HttpStatusCode.Conflict, "max_files");
        (await cleanup.RunAsync()).AbandonedUploads.Count.ShouldBe(0);
        (await owner.LayerAsync("/inbox")).Names().ShouldBe(["kept.txt", "late.txt"], ignoreOrder: true);
        var listed = (await owner.ListSharedAsync()).Single();
        listed["uploads"]!.GetValue<long>().ShouldBe(2);
        listed["last_upload_at"]!.GetValue<DateTime>().ShouldBe(DateTime.UtcNow, TimeSpan.FromMinutes(1)); // the worker's time
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(0);
        (await owner.QuotaAsync()).Used.ShouldBe(4);
        await cleanup.Worker.ShouldBeSoundAsync(userId, "after the reclaim");
    }

    [Fact]
    public async Task APendingLinkUploadTakenByTwoRacingRemovalsGivesItsFileBackOnce()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var userId = await owner.UserIdAsync();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true, max_files = 3 });
        using var visitor = stack.Worker.NewClient();
        (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "kept.txt", [1])).ShouldBeSuccess();
        var begun = await visitor.BeginThroughAsync(owner.UserName!, link, "taken.bin", 100);
        begun.ShouldBeSuccess();
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(1);
        var pending = new List<EntryDocument>();
        await foreach (var entry in stack.Worker.Get<EntryStore>().AllOfUserAsync(userId, default))
            if (entry.State == EntryState.Pending)
                pending.Add(entry);

        // What a folder removal racing TempCleanup's purge does to a pending entry inside: both claim it, one wins.
        var remover = stack.Worker.Get<EntryRemover>();
        var removed = await Races.TogetherAsync(
            () => remover.RemoveSubtreeAsync(pending.Single(), default), () => remover.RemoveSubtreeAsync(pending.Single(), default));

        removed.Sum(r => r.Entries).ShouldBe(1);
        (await visitor.AbortThroughAsync(owner.UserName!, link, begun.Body["upload_id"]!.GetValue<string>()))
            .ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(2);
        (await owner.ListSharedAsync()).Single()["uploads"]!.GetValue<long>().ShouldBe(1);
        (await owner.QuotaAsync()).Used.ShouldBe(1);
        await stack.Worker.ShouldBeSoundAsync(userId, "after the removals");
    }
}
