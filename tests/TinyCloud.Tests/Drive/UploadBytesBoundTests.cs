using System.Net;
using System.Text.Json.Nodes;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Uploads;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.DirectUploadCalls;

namespace TinyCloud.Tests.Drive;

/// <summary>
/// Bytes written through an upload URL beyond what was declared: Azure cannot refuse them (a SAS carries no size), so
/// they are counted, never charged, and the upload watch gives the upload up.
/// </summary>
[Collection(Areas.Drive)]
public sealed class UploadBytesBoundTests(Stack stack)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task BytesBeyondADirectUploadsDeclarationAreCountedNeverChargedAndSweptByTheWatch()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var begun = await client.BeginUploadAsync("/tiny.txt", 1);
        begun.ShouldBeSuccess();
        begun.Body["expires_at"]!.GetValue<DateTime>().ShouldBe(DateTime.UtcNow.AddMinutes(5), TimeSpan.FromSeconds(30), "a small upload gets a short URL");
        var (id, url) = (begun.Body["upload_id"]!.GetValue<string>(), new Uri(begun.Body["upload_url"]!.GetValue<string>()));
        for (var i = 0; i < 3; i++)
            (await PutBlockAsync(url, BlockId(i), new byte[MiB])).ShouldBe(HttpStatusCode.Created);

        var status = await client.UploadStatusAsync(id);
        status.ShouldBeSuccess();
        status.Body["staged_blocks"]!.AsArray().Sum(b => b!["size_bytes"]!.GetValue<long>()).ShouldBe(3 * MiB, "the staged bytes are counted");
        var before = await client.QuotaAsync();
        before.Used.ShouldBe(0, "only the declared byte is reserved, nothing is charged");

        // The worker's own watch runs every minute and may have looked first; either way the upload is given up.
        var swept = await stack.Worker.Get<OversizedUploads>().SweepAsync(default);
        swept.GivenUp.ShouldBeLessThanOrEqualTo(1);
        swept.ExcessBytes.ShouldBe(swept.GivenUp * (3L * MiB - 1));

        (await PutBlockAsync(url, BlockId(9), new byte[10])).ShouldBe(HttpStatusCode.NotFound, "the URL writes nowhere once given up");
        (await client.UploadStatusAsync(id)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.QuotaAsync()).ShouldBe((0, before.Available + 1));
        await stack.Worker.ShouldBeSoundAsync(userId, "after the watch");
    }

    [Fact]
    public async Task AnUploadThatStagedNoMoreThanItDeclaredIsLeftAlone()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await client.BegunAsync("/fits.bin", 2 * MiB);
        (await PutBlockAsync(url, BlockId(0), new byte[MiB])).ShouldBe(HttpStatusCode.Created);

        await stack.Worker.Get<OversizedUploads>().SweepAsync(default);

        (await PutBlockAsync(url, BlockId(1), new byte[MiB])).ShouldBe(HttpStatusCode.Created);
        (await PutBlockListAsync(url, [BlockId(0), BlockId(1)])).ShouldBe(HttpStatusCode.Created);
        (await client.CompleteUploadAsync(id)).ShouldBeSuccess();
        (await client.QuotaAsync()).Used.ShouldBe(2 * MiB);
    }

    [Fact]
    public async Task AnAnonymousLinkHoldsAtMostItsOpenUploadsAndItsOversizedOnesAreSwept()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Shares:MaxOpenUploadsPerLink"] = "3" });
        using var owner = await worker.NewClient().SignUpAsync();
        var userId = await owner.UserIdAsync();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true });
        using var visitor = worker.NewClient();

        var open = new List<(string Id, Uri Url)>();
        for (var i = 0; i < 3; i++)
        {
            var begun = await visitor.BeginThroughAsync(owner.UserName!, link, $"f{i}.bin", 1);
            begun.ShouldBeSuccess();
            open.Add((begun.Body["upload_id"]!.GetValue<string>(), new Uri(begun.Body["upload_url"]!.GetValue<string>())));
        }
        (await visitor.BeginThroughAsync(owner.UserName!, link, "f3.bin", 1)).ShouldBeError(HttpStatusCode.TooManyRequests, "3 uploads in progress");

        (await PutBlobAsync(open[0].Url, new byte[2 * MiB])).ShouldBe(HttpStatusCode.Created);
        var swept = await worker.Get<OversizedUploads>().SweepAsync(default); // or the worker's own watch, first
        swept.ExcessBytes.ShouldBe(swept.GivenUp * (2L * MiB - 1));
        (await visitor.CompleteThroughAsync(owner.UserName!, link, open[0].Id)).ShouldBeError(HttpStatusCode.NotFound);
        (await owner.QuotaAsync()).Used.ShouldBe(0);

        (await visitor.BeginThroughAsync(owner.UserName!, link, "f3.bin", 1)).ShouldBeSuccess(); // a given-up upload frees its place
        (await visitor.BeginThroughAsync(owner.UserName!, link, "f4.bin", 1)).ShouldBeError(HttpStatusCode.TooManyRequests);
        foreach (var (id, _) in open.Skip(1))
            (await visitor.AbortThroughAsync(owner.UserName!, link, id)).ShouldBeSuccess();
        (await owner.LayerAsync("/inbox")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ParallelBeginsThroughOneLinkNeverHoldMoreThanItsOpenUploads()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Shares:MaxOpenUploadsPerLink"] = "3", ["Shares:RequestsPerAddressPerMinute"] = "1000",
        });
        using var owner = await worker.NewClient().SignUpAsync();
        (await owner.CreateFolderAsync("/inbox")).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/inbox", "folder", new { upload_only = true });
        var shareId = (await worker.Get<IMongoDatabase>().GetCollection<ShareDocument>(ShareStore.CollectionName)
            .Find(s => s.HashedLink == link).SingleAsync()).Id;
        using var visitor = worker.NewClient();
        var held = new List<string>();
        for (var trial = 0; trial < Races.Trials; trial++)
        {
            // One place left of three (two held from before), five racing for it.
            while (held.Count < 2)
            {
                var begun = await visitor.BeginThroughAsync(owner.UserName!, link, $"held{trial}.{held.Count}.bin", 1);
                begun.ShouldBeSuccess();
                held.Add(begun.Body["upload_id"]!.GetValue<string>());
            }
            var answers = await Races.TogetherAsync(Enumerable.Range(0, 5)
                .Select(i => (Func<Task<(HttpStatusCode Status, JsonNode Body)>>)(() => visitor.BeginThroughAsync(owner.UserName!, link, $"r{trial}.{i}.bin", 1)))
                .ToArray());
            var admitted = answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Body["upload_id"]!.GetValue<string>()).ToList();
            admitted.Count.ShouldBeLessThanOrEqualTo(1, $"trial {trial}");
            foreach (var refused in answers.Where(a => a.Status != HttpStatusCode.OK))
                refused.ShouldBeError(HttpStatusCode.TooManyRequests, "3 uploads in progress");
            (await worker.Get<EntryStore>().CountOpenLinkUploadsAsync(shareId, 10, default)).ShouldBe(2 + admitted.Count, $"trial {trial}: open uploads");
            foreach (var id in admitted.Append(held[0]))
                (await visitor.AbortThroughAsync(owner.UserName!, link, id)).ShouldBeSuccess();
            held.RemoveAt(0);
        }
        foreach (var id in held)
            (await visitor.AbortThroughAsync(owner.UserName!, link, id)).ShouldBeSuccess();
        (await owner.QuotaAsync()).Used.ShouldBe(0);
    }
}
