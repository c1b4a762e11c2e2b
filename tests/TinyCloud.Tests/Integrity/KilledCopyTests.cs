using System.Diagnostics;
using System.Net;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Integrity;

[Collection(Areas.Integrity)]
public sealed class KilledCopyTests(Stack stack)
{
    /// <summary>
    /// A folder of 1,023 entries (512 files in 511 folders, built by copies that double it), copied by a worker that is SIGKILLed
    /// once the copy's entries are being written: the copy is never visible, the source is untouched, and after the next
    /// TempCleanup nothing of it is left or charged.
    /// </summary>
    [Fact]
    public async Task AWorkerKilledMidFolderCopyLeavesNothingVisibleOrChargedAfterTempCleanup()
    {
        var shared = new Dictionary<string, string?> { ["Blob:Container"] = "killcopy" + Guid.NewGuid().ToString("N")[..10] };
        var workers = await stack.StartWorkersAsync(2, shared, "tinycloud_killcopy_" + Guid.NewGuid().ToString("N")[..8]);
        await using var doomed = workers[0];
        await using var survivor = workers[1];
        using var client = await survivor.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/d0")).ShouldBeSuccess();
        (await client.UploadAsync("/d0/f.bin", new byte[100])).ShouldBeSuccess();
        for (var level = 1; level <= 9; level++)
        {
            (await client.CreateFolderAsync($"/d{level}")).ShouldBeSuccess();
            (await client.CopyAsync($"/d{level - 1}", $"/d{level}/a", "folder")).ShouldBeSuccess();
            (await client.CopyAsync($"/d{level - 1}", $"/d{level}/b", "folder")).ShouldBeSuccess();
        }
        var entries = survivor.Entries();
        var before = await survivor.Users().Find(u => u.Id == userId).SingleAsync();
        before.ReservedBytes.ShouldBe(0);

        using var doomedClient = doomed.NewClient();
        foreach (System.Net.Cookie cookie in client.Cookies.GetCookies(client.Http.BaseAddress!))
            doomedClient.Cookies.Add(doomed.BaseAddress, new System.Net.Cookie(cookie.Name, cookie.Value));
        var copying = doomedClient.CopyAsync("/d9", "/copy", "folder");
        var sw = Stopwatch.StartNew();
        while (await entries.CountDocumentsAsync(e => e.UserId == userId && e.State == EntryState.Copying) < 100)
        {
            copying.IsCompleted.ShouldBeFalse("the copy finished before the worker could be killed");
            sw.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
            await Task.Delay(20); // the count is a scan: asked without a pause it takes the database from the copy
        }
        await doomed.CrashAsync();
        try
        {
            // The copy never answers success: the host answers 502 for its dead worker, or the connection drops.
            (await copying).Status.ShouldNotBe(HttpStatusCode.OK);
        }
        catch (HttpRequestException)
        {
        }

        (await client.LayerAsync()).Names().ShouldBe(Enumerable.Range(0, 10).Select(i => $"d{i}"), ignoreOrder: true, "nothing of the copy is visible");
        (await client.EntityAsync("/copy", "folder")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.QuotaAsync()).Used.ShouldBe(before.UsedBytes, "the copy's reservation is not usage");

        await survivor.AgeAsync(userId, TimeSpan.FromMinutes(30));
        var summary = (await survivor.Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull();
        summary.AbandonedUploads.Count.ShouldBe(1);
        (await entries.CountDocumentsAsync(e => e.UserId == userId && e.State != EntryState.Ready)).ShouldBe(0);
        var after = await survivor.Users().Find(u => u.Id == userId).SingleAsync();
        (after.UsedBytes, after.ReservedBytes).ShouldBe((before.UsedBytes, 0L));
        (await (await client.DownloadAsync("/d9/a/a/a/a/a/a/a/a/a/f.bin")).Content.ReadAsByteArrayAsync()).Length.ShouldBe(100);
        await survivor.ShouldBeSoundAsync(userId, "after TempCleanup gave the killed copy up");
    }
}
