using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.DriveCalls;

namespace TinyCloud.Tests.Maintenance;

[Collection(Areas.Maintenance)]
public sealed class OrphanSweepTests(Stack stack)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    [Fact]
    public async Task AnOldOrphanBlobIsSweptWhileAFreshOneAndEveryReferencedBlobSurvive()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        var container = cleanup.Get<BlobContainerClient>();
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = (await cleanup.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
        var kept = RandomBytes(700);
        (await client.UploadAsync("/kept.bin", kept)).ShouldBeSuccess();
        await SetAvatarAsync(client);
        var replacedAvatar = $"{user.Id}/avatar-{Guid.NewGuid():N}";
        var oldOrphan = $"{user.Id}/{Guid.NewGuid():N}";
        await container.GetBlobClient(replacedAvatar).UploadAsync(BinaryData.FromBytes(Png));
        await container.GetBlobClient(oldOrphan).UploadAsync(BinaryData.FromBytes(RandomBytes(300)));
        await container.GetBlobClient("deployment/marker.txt").UploadAsync(BinaryData.FromString("not user bytes"));
        var oldWritten = (await container.GetBlobClient(oldOrphan).GetPropertiesAsync()).Value.LastModified;
        await StorageClock.PassAsync(container, oldWritten);
        var freshOrphan = $"{user.Id}/{Guid.NewGuid():N}";
        await container.GetBlobClient(freshOrphan).UploadAsync(BinaryData.FromBytes(RandomBytes(400)));
        cleanup.Clock.FreezeAt(oldWritten + TimeSpan.FromSeconds(1) + CleanupWorker.Grace);

        var summary = await cleanup.RunAsync();

        summary.OrphanBlobs.Count.ShouldBe(2);
        summary.OrphanBlobs.Bytes.ShouldBe(300 + Png.Length);
        (await container.GetBlobClient(oldOrphan).ExistsAsync()).Value.ShouldBeFalse();
        (await container.GetBlobClient(replacedAvatar).ExistsAsync()).Value.ShouldBeFalse();
        (await container.GetBlobClient(freshOrphan).ExistsAsync()).Value.ShouldBeTrue();
        (await container.GetBlobClient("deployment/marker.txt").ExistsAsync()).Value.ShouldBeTrue();
        (await (await client.DownloadAsync("/kept.bin")).Content.ReadAsByteArrayAsync()).ShouldBe(kept);
        (await client.Http.GetByteArrayAsync("/api/user-service/get-user-img")).ShouldBe(Png);
    }

    [Fact]
    public async Task AnOldStagingContainerNoUploadRefersToIsSweptWhileALiveUploadsAndAnotherDeploymentsAreKept()
    {
        await using var cleanup = await CleanupWorker.StartAsync(stack);
        var service = cleanup.Get<BlobContainerClient>().GetParentBlobServiceClient();
        var uploads = cleanup.Get<DirectUploadBlobs>();
        using var client = await cleanup.Worker.NewClient().SignUpAsync();
        var user = (await cleanup.Get<UserStore>().FindByNameAsync(client.UserName!, default))!;
        // Declared large, so its URL lives the full hour the frozen clock below goes past the other containers.
        var (liveId, liveUrl) = await client.BegunAsync("/live.bin", 1L << 30);
        (await DirectUploadCalls.PutBlobAsync(liveUrl, RandomBytes(100))).ShouldBe(System.Net.HttpStatusCode.Created);
        var left = uploads.NewStagingName(user.Id);
        await uploads.PrepareAsync(left, default);
        await service.GetBlobContainerClient(left).GetBlobClient(BlobNames.StagedBlob).UploadAsync(BinaryData.FromBytes(RandomBytes(250)));
        // A deployment sharing the account (another app, a slot) made this one for its own files' container.
        var others = service.GetBlobContainerClient(uploads.NewStagingName(user.Id));
        await others.CreateAsync(metadata: new Dictionary<string, string> { [DirectUploadBlobs.OwnerMetadata] = "tcanotherdeploy" });
        var newest = (await others.GetPropertiesAsync()).Value.LastModified;
        cleanup.Clock.FreezeAt(newest + TimeSpan.FromSeconds(1) + CleanupWorker.Grace);

        var summary = await cleanup.RunAsync();

        summary.UploadContainers.Count.ShouldBe(1);
        summary.UploadContainers.Bytes.ShouldBe(250);
        (await service.GetBlobContainerClient(left).ExistsAsync()).Value.ShouldBeFalse();
        (await others.ExistsAsync()).Value.ShouldBeTrue();
        var live = (await cleanup.Get<EntryStore>().FindByIdAsync(MongoDB.Bson.ObjectId.Parse(liveId), default))!.Blob!;
        (await service.GetBlobContainerClient(live).ExistsAsync()).Value.ShouldBeTrue();
        (await client.UploadStatusAsync(liveId)).ShouldBeSuccess();
        await others.DeleteAsync();
    }

    private static async Task SetAvatarAsync(Client client)
    {
        using var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(Png);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "file", "me.png");
        (await Client.Read(await client.Http.PostAsync("/api/user-service/set-user-img", form))).ShouldBeSuccess();
    }
}
