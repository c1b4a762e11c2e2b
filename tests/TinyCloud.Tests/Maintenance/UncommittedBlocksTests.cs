using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Maintenance;

/// <summary>Issue 13, item 3: blocks put but never committed do not stay in storage outside anyone's quota.</summary>
[Collection(Areas.Maintenance)]
public sealed class UncommittedBlocksTests(Stack stack)
{
    [Fact]
    public async Task OldUncommittedBlocksNoEntryReferencesAreSweptAndCountedWhileFreshOnesStay()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        var container = cleanup.Get<BlobContainerClient>();
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = (await cleanup.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
        var legacy = $"{user.Id}/{Guid.NewGuid():N}";
        var current = cleanup.Get<BlobFiles>().NewBlobName(user.Id);
        await StageAsync(container, legacy, 3000, 4000);
        await StageAsync(container, current, 500);
        var oldWritten = await LastModifiedAsync(container, current);
        await StorageClock.PassAsync(container, oldWritten);
        var fresh = cleanup.Get<BlobFiles>().NewBlobName(user.Id);
        await StageAsync(container, fresh, 100);
        cleanup.Clock.FreezeAt(oldWritten + TimeSpan.FromSeconds(1) + CleanupWorker.Grace);

        var summary = await cleanup.RunAsync();

        summary.UncommittedBlobs.Count.ShouldBe(2);
        summary.UncommittedBlobs.Bytes.ShouldBe(3000 + 4000 + 500);
        summary.OrphanBlobs.Count.ShouldBe(0);
        (await NamesAsync(container)).ShouldBe([fresh]);
    }

    [Fact]
    public async Task AnUploadRefusedAfterStreamingLeavesNoBlocksBehind()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        using var client = await worker.NewClient().SignUpAsync();
        var user = (await worker.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
        var prefix = worker.Get<BlobFiles>().UserPrefix(user.Id);

        (await client.UploadAsync("/big.bin", RandomBytes(9 * 1024 * 1024))).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "quota");

        var left = new List<string>();
        await foreach (var blob in worker.Get<BlobContainerClient>().GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix, default))
            left.Add(blob.Name);
        left.ShouldBeEmpty();
        (await client.QuotaAsync()).Used.ShouldBe(0);
    }

    private static async Task StageAsync(BlobContainerClient container, string name, params int[] sizes)
    {
        var blob = container.GetBlockBlobClient(name);
        for (var i = 0; i < sizes.Length; i++)
            await blob.StageBlockAsync(Convert.ToBase64String(Encoding.ASCII.GetBytes($"b{i:D5}")), new MemoryStream(RandomBytes(sizes[i])));
    }

    private static async Task<DateTimeOffset> LastModifiedAsync(BlobContainerClient container, string name)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, name, default))
            return blob.Properties.LastModified ?? blob.Properties.CreatedOn!.Value;
        throw new InvalidOperationException($"{name} is not listed");
    }

    private static async Task<List<string>> NamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, null, default))
            names.Add(blob.Name);
        return names;
    }
}
