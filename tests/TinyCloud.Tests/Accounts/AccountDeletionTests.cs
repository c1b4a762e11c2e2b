using System.Net;
using MongoDB.Driver;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class AccountDeletionTests(Stack stack)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    [Fact]
    public async Task DeletingErasesEverythingAtOnceAndFreesTheEmailNotTheName()
    {
        var worker = stack.Worker;
        using var client = await worker.NewClient().SignUpAsync();
        using var laptop = await client.OtherDeviceAsync(worker);
        using var other = await worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/docs")).ShouldBeSuccess();
        (await client.UploadAsync("/docs/a.txt", "hello"u8.ToArray())).ShouldBeSuccess();
        (await client.UploadAsync("/b.txt", "world"u8.ToArray())).ShouldBeSuccess();
        (await client.UploadAsync("/gone.txt", "trash"u8.ToArray())).ShouldBeSuccess();
        (await client.TrashAsync("/gone.txt")).ShouldBeSuccess();
        var link = await client.LinkAsync("/b.txt");
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "me.png" } })
            (await Client.Read(await client.Http.PostAsync("/api/user-service/set-user-img", form))).ShouldBeSuccess();
        (await other.UploadAsync("/keep.txt", "mine"u8.ToArray())).ShouldBeSuccess();
        var otherLink = await other.LinkAsync("/keep.txt");
        (await client.DeleteAccountAsync("wrong password")).ShouldBeError(HttpStatusCode.BadRequest, "Wrong password");

        var deleted = await client.PostJsonAsync("/api/user-service/delete-account", new { password = Client.Password });
        deleted.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("a-token=;", StringComparison.Ordinal));
        (await Client.Read(deleted)).ShouldBeSuccess();

        (await laptop.GetAsync(AccountCalls.Me)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await client.LoginAsync(Client.Password)).ShouldBeError(HttpStatusCode.BadRequest, "Wrong email or password");
        (await other.SharedInfoAsync(client.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound);
        (await Leftovers.OfAsync(worker, userId)).ShouldBe(Leftovers.None);
        var user = await worker.Users().Find(u => u.Id == userId).SingleAsync();
        user.Closing!.FinishedAt.ShouldNotBeNull();
        (user.Avatar, user.UsedBytes, user.PasswordHash, user.Sessions.Count).ShouldBe((null, 0L, "", 0));
        (await stack.Mailbox().WaitForAsync(client.Email!, "account was deleted")).Text.ShouldContain("user name stays reserved");

        // Someone else's files and links are untouched.
        (await other.SharedInfoAsync(other.UserName!, otherLink)).ShouldBeSuccess();
        (await other.LayerAsync("/")).Names().ShouldBe(["keep.txt"]);

        // The email can register again; the name cannot.
        using var again = worker.NewClient();
        (await again.PostAsync("/api/user-service/register", new { user_email = client.Email, password = Client.Password, user_name = "n" + Guid.NewGuid().ToString("N")[..10] }))
            .ShouldBeSuccess();
        (await again.PostAsync("/api/user-service/login", new { user_email = client.Email, password = Client.Password })).ShouldBeSuccess();
        (await again.LayerAsync("/")).ShouldBeEmpty();
        (await again.PostAsync("/api/user-service/register", new { user_email = "x" + client.Email, password = Client.Password, user_name = client.UserName }))
            .ShouldBeError(HttpStatusCode.Conflict, "already taken");
    }

    [Fact]
    public async Task DeletingLeavesAloneTheUploadsOfAnotherDeploymentsUserOfTheSameId()
    {
        var worker = stack.Worker;
        using var client = await worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var (_, url) = await client.BegunAsync("/big.bin", 10);
        var service = worker.Get<Azure.Storage.Blobs.BlobServiceClient>();
        var ours = service.GetBlobContainerClient(url.Segments[^2].TrimEnd('/'));
        // Another deployment on the same storage account and Auth:JwtSecret (a slot with a database of its own) has a
        // user of the same id mid-upload: the same tag in its staging container's name.
        var theirs = service.GetBlobContainerClient(worker.Get<TinyCloud.Shared.Drive.BlobNames>().NewStaging(userId));
        await theirs.CreateAsync(metadata: new Dictionary<string, string> { [TinyCloud.Shared.Drive.DirectUploadBlobs.OwnerMetadata] = "another-deployments-files" });
        (await ours.ExistsAsync()).Value.ShouldBeTrue();

        (await client.DeleteAccountAsync(Client.Password)).ShouldBeSuccess();

        (await ours.ExistsAsync()).Value.ShouldBeFalse("the account's own upload goes with it");
        (await theirs.ExistsAsync()).Value.ShouldBeTrue("another deployment's upload is not this account's");
        await theirs.DeleteAsync();
    }

    [Fact]
    public async Task WithoutAPasswordDeletingIs422AndWithoutALogin401()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.PostAsync("/api/user-service/delete-account", new { })).ShouldBeError(HttpStatusCode.UnprocessableEntity, "password");
        (await client.GetAsync(AccountCalls.Me)).ShouldBeSuccess();
        using var anonymous = stack.Worker.NewClient();
        (await anonymous.DeleteAccountAsync(Client.Password)).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AWorkerKilledMidDeletionIsFinishedByTheNextTempCleanup()
    {
        var standIn = stack.Backends.StandIn;
        Assert.SkipWhen(standIn is null, "needs the MongoDB stand-in's throttle hook to hold the erasure mid-way");
        var database = "tinycloud_close_" + Guid.NewGuid().ToString("N")[..8];
        var workers = await stack.StartWorkersAsync(2, new Dictionary<string, string?>
        {
            ["Blob:Container"] = "close" + Guid.NewGuid().ToString("N")[..10], ["Mongo:ThrottleRetrySeconds"] = "60",
        }, database);
        await using var doomed = workers[0];
        await using var survivor = workers[1];
        using var client = await doomed.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var i = 0; i < 5; i++)
            (await client.UploadAsync($"/f{i}.bin", DriveCalls.RandomBytes(1000))).ShouldBeSuccess();
        var link = await client.LinkAsync("/f0.bin");

        // Every claim of an entry is refused (and retried by the worker) from now on: the erasure stops at its first one.
        await standIn!.ThrottleNextAsync(database, 100_000, ["update"], "entries", retryAfterMs: 200);
        var deleting = client.DeleteAccountAsync(Client.Password);
        var users = survivor.Users();
        await Eventually.ShouldHoldAsync(async () => (await users.Find(u => u.Id == userId).SingleAsync()).Closing.ShouldNotBeNull());
        await Eventually.ShouldHoldAsync(async () => (await survivor.Shares().CountDocumentsAsync(s => s.UserId == userId)).ShouldBe(0));
        await doomed.CrashAsync();
        try
        {
            await deleting; // the connection went with the worker
        }
        catch (HttpRequestException)
        {
        }
        await standIn.ClearThrottleAsync(database);

        // Half done: gone for everyone, but its files are still stored.
        using var again = client.CopyAccountTo(survivor.NewClient());
        (await again.LoginAsync(Client.Password)).ShouldBeError(HttpStatusCode.BadRequest);
        (await survivor.NewClient().SharedInfoAsync(client.UserName!, link)).ShouldBeError(HttpStatusCode.NotFound);
        var half = await Leftovers.OfAsync(survivor, userId);
        (half.Entries, half.Blobs).ShouldBe((5L, 5));
        (await users.Find(u => u.Id == userId).SingleAsync()).Closing!.FinishedAt.ShouldBeNull();

        var summary = (await survivor.Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull();
        summary.AccountsErased.Count.ShouldBe(1);
        (await Leftovers.OfAsync(survivor, userId)).ShouldBe(Leftovers.None);
        (await users.Find(u => u.Id == userId).SingleAsync()).Closing!.FinishedAt.ShouldNotBeNull();
    }
}
