using System.Net;
using Azure.Storage.Blobs;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.DirectUploadCalls;

namespace TinyCloud.Tests.Security;

/// <summary>
/// Issue 13, item 2: the bytes of a direct upload come only through its URL, as plain uploads; public links do not
/// name the user; and once an upload is completed or aborted its URL cannot write anywhere.
/// </summary>
[Collection(Areas.Accounts)]
public sealed class DirectUploadSourceTests(Stack stack)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnUploadCopiedFromAnotherUsersPrivateBlobIsRefusedAndGivesEverythingBack(bool synchronous)
    {
        using var victim = await stack.Worker.NewClient().SignUpAsync();
        using var attacker = await stack.Worker.NewClient().SignUpAsync();
        var secret = DriveCalls.RandomBytes(2048);
        (await victim.UploadAsync("/diary.txt", secret)).ShouldBeSuccess();
        var source = await BlobUriAsync(victim, "diary.txt");
        var (_, available) = await attacker.QuotaAsync();
        var (id, url) = await attacker.BegunAsync("/stolen.txt", secret.Length);

        var headers = new List<(string, string)> { ("x-ms-copy-source", source.AbsoluteUri) };
        if (synchronous)
            headers.Add(("x-ms-requires-sync", "true"));
        var copied = await SendAsync(HttpMethod.Put, url, null, [.. headers]);

        // Azure refuses an unauthorized source outright; Azurite accepts it, so completion must refuse it: as copied, or,
        // when Azurite has not made the copy visible yet (it happens under load), as nothing uploaded.
        if (copied is HttpStatusCode.Accepted or HttpStatusCode.Created)
        {
            var refused = await attacker.CompleteUploadAsync(id);
            refused.ShouldBeError(HttpStatusCode.BadRequest);
            refused.Body["error"]!.GetValue<string>().ShouldMatch("copied|Nothing was uploaded");
        }
        else
            (await attacker.CompleteUploadAsync(id)).ShouldBeError(HttpStatusCode.BadRequest, "Nothing was uploaded");
        (await attacker.LayerAsync()).ShouldBeEmpty();
        (await attacker.QuotaAsync()).ShouldBe((0, available));
        (await attacker.EntityAsync("/stolen.txt")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutBlockFromUrlCannotStageAnotherUsersPrivateBlobWithoutItsOwnAuthorization()
    {
        using var victim = await stack.Worker.NewClient().SignUpAsync();
        using var attacker = await stack.Worker.NewClient().SignUpAsync();
        (await victim.UploadAsync("/diary.txt", DriveCalls.RandomBytes(1000))).ShouldBeSuccess();
        var source = await BlobUriAsync(victim, "diary.txt");
        var (id, url) = await attacker.BegunAsync("/stolen.txt", 1000);

        var staged = await SendAsync(HttpMethod.Put, With(url, $"comp=block&blockid={Uri.EscapeDataString(BlockId(0))}"),
            new ByteArrayContent([]), ("x-ms-copy-source", source.AbsoluteUri));

        staged.ShouldNotBe(HttpStatusCode.Created);
        (await attacker.UploadStatusAsync(id)).Body["staged_blocks"]!.AsArray().ShouldBeEmpty();
        (await attacker.AbortUploadAsync(id)).ShouldBeSuccess();
    }

    [Fact]
    public async Task APublicLinkRedirectsToABlobNameWithoutTheUserIdAndKeepsItsNameAndType()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var userId = await UserIdAsync(owner);
        var bytes = DriveCalls.RandomBytes(500);
        var (id, url) = await owner.BegunAsync("/report.pdf", bytes.Length);
        url.AbsolutePath.ShouldNotContain($"/{userId}/");
        (await PutBlobAsync(url, bytes)).ShouldBe(HttpStatusCode.Created);
        (await owner.CompleteUploadAsync(id)).ShouldBeSuccess();
        (await owner.UploadAsync("/photo.png", bytes, contentType: "image/png")).ShouldBeSuccess();

        foreach (var (name, type) in new[] { ("report.pdf", "application/pdf"), ("photo.png", "image/png") })
        {
            using var stranger = ShareCalls.Stranger();
            var redirect = await stranger.GetAsync(new Uri(stack.Worker.BaseAddress, $"/shared/{owner.UserName}/{await owner.LinkAsync("/" + name)}/file"));
            redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var location = redirect.Headers.Location!;
            location.AbsolutePath.ShouldNotContain($"/{userId}/");
            location.AbsolutePath.Split('/').ShouldNotContain(userId.ToString());

            using var browser = ShareCalls.Stranger(followRedirects: true);
            using var file = await browser.GetAsync(location);
            file.StatusCode.ShouldBe(HttpStatusCode.OK);
            file.Content.Headers.ContentType!.MediaType.ShouldBe(type);
            file.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
            file.Content.Headers.ContentDisposition.FileNameStar.ShouldBe(name);
            (await file.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnceCompletedOrAbortedTheUploadUrlCannotAddBytesAnywhere(bool complete)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var (id, url) = await client.BegunAsync("/done.bin", 4);
        (await PutBlobAsync(url, new byte[] { 1, 2, 3, 4 })).ShouldBe(HttpStatusCode.Created);
        (complete ? await client.CompleteUploadAsync(id) : await client.AbortUploadAsync(id)).ShouldBeSuccess();

        (await PutBlobAsync(url, new byte[1024])).ShouldNotBe(HttpStatusCode.Created);
        (await PutBlockAsync(url, BlockId(0), new byte[1024])).ShouldNotBe(HttpStatusCode.Created);
        (await PutBlockListAsync(url, [BlockId(0)])).ShouldNotBe(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Put, With(url, "comp=lease"), null, ("x-ms-lease-action", "break"), ("x-ms-lease-break-period", "0")))
            .ShouldNotBe(HttpStatusCode.Accepted);
        (await PutBlobAsync(url, new byte[1024])).ShouldNotBe(HttpStatusCode.Created);

        (await client.QuotaAsync()).Used.ShouldBe(complete ? 4 : 0);
        if (complete)
            (await (await client.DownloadAsync("/done.bin")).Content.ReadAsByteArrayAsync()).ShouldBe(new byte[] { 1, 2, 3, 4 });
    }

    private async Task<Uri> BlobUriAsync(Client owner, string name)
    {
        var userId = await UserIdAsync(owner);
        await foreach (var entry in stack.Worker.Get<EntryStore>().AllOfUserAsync(userId, default))
            if (entry.Name == name)
                return stack.Worker.Get<BlobContainerClient>().GetBlobClient(entry.Blob).Uri;
        throw new InvalidOperationException($"{name} has no blob");
    }

    private static async Task<long> UserIdAsync(Client client) =>
        (await client.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();
}
