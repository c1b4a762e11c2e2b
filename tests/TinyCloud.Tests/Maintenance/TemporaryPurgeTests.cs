using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class TemporaryPurgeTests(Stack stack)
{
    [Fact]
    public async Task TemporaryContentPastItsRetentionIsPurgedAndYoungerContentKept()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/old.bin", RandomBytes(1000), "temporary")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/old-folder", "temporary")).ShouldBeSuccess();
        (await client.UploadAsync("/old-folder/inside.bin", RandomBytes(500), "temporary")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/mixed", "temporary")).ShouldBeSuccess();
        (await client.UploadAsync("/mixed/old.bin", RandomBytes(200), "temporary")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/nest", "temporary")).ShouldBeSuccess();
        (await client.CreateFolderAsync("/nest/sub", "temporary")).ShouldBeSuccess();
        await cleanup.Worker.AgeAsync(await client.UserIdAsync(), TimeSpan.FromHours(25));
        (await client.UploadAsync("/young.bin", RandomBytes(300), "temporary")).ShouldBeSuccess();
        (await client.UploadAsync("/mixed/young.bin", RandomBytes(400), "temporary")).ShouldBeSuccess();
        (await client.ShareAsync("/old-folder", "folder", "temporary")).ShouldBeSuccess();
        (await client.ShareAsync("/young.bin", field: "temporary")).ShouldBeSuccess();
        (await client.UploadAsync("/nest/sub/young.bin", RandomBytes(50), "temporary")).ShouldBeSuccess();

        var summary = await cleanup.RunAsync();

        summary.TemporaryPurged.Count.ShouldBe(4);
        summary.TemporaryPurged.Bytes.ShouldBe(1700);
        (await client.LayerAsync("/", "temporary")).Select(e => e["name"]!.GetValue<string>()).ShouldBe(["mixed", "nest", "young.bin"]);
        (await client.LayerAsync("/mixed", "temporary")).Single()["name"]!.GetValue<string>().ShouldBe("young.bin");
        (await client.LayerAsync("/nest/sub", "temporary")).Single()["name"]!.GetValue<string>().ShouldBe("young.bin");
        (await client.QuotaAsync()).Used.ShouldBe(750);
        (await BlobNamesAsync(cleanup)).Count.ShouldBe(3);
        (await client.ListSharedAsync()).Single()["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/young.bin");
    }

    [Fact]
    public async Task OtherFieldsAreNeverTouchedHoweverOld()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var bytes = RandomBytes(2048);
        (await client.CreateFolderAsync("/docs", "mere")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/a.bin", bytes, "mere")).ShouldBeSuccess();
        (await client.UploadAsync("/b.bin", bytes, "special")).ShouldBeSuccess();
        cleanup.Clock.Advance(TimeSpan.FromDays(10));

        var summary = await cleanup.RunAsync();

        summary.TemporaryPurged.Count.ShouldBe(0);
        (await client.LayerAsync("/docs", "mere")).Single()["name"]!.GetValue<string>().ShouldBe("a.bin");
        (await client.LayerAsync("/", "special")).Single()["name"]!.GetValue<string>().ShouldBe("b.bin");
        var download = await client.DownloadAsync("/docs/a.bin");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        (await client.QuotaAsync()).Used.ShouldBe(4096);
    }

    [Fact]
    public async Task TheRetentionComesFromTemporaryRetentionHours()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack, new Dictionary<string, string?> { ["Temporary:RetentionHours"] = "2" });
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/past.bin", [1, 2, 3], "temporary")).ShouldBeSuccess();
        await cleanup.Worker.AgeAsync(await client.UserIdAsync(), TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        (await client.UploadAsync("/recent.bin", [4], "temporary")).ShouldBeSuccess();
        cleanup.Clock.Advance(TimeSpan.FromMinutes(2));

        (await cleanup.RunAsync()).TemporaryPurged.Count.ShouldBe(1);
        (await client.LayerAsync("/", "temporary")).Single()["name"]!.GetValue<string>().ShouldBe("recent.bin");
    }

    private static async Task<List<string>> BlobNamesAsync(CleanupWorker cleanup)
    {
        var names = new List<string>();
        await foreach (var blob in cleanup.Get<TinyCloud.Shared.Drive.BlobFiles>().Container.GetBlobsAsync())
            names.Add(blob.Name);
        return names;
    }
}
