using System.Net;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;

namespace TinyCloud.Tests.Sharing;

[Collection(Areas.Sharing)]
public sealed class LinkStatisticsTests(Stack stack)
{
    [Fact]
    public async Task ParallelDownloadsAreCountedExactlyWithTheTimeOfTheLast()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1, 2, 3])).ShouldBeSuccess();
        (await owner.CreateFolderAsync("/f")).ShouldBeSuccess();
        (await owner.UploadAsync("/f/b.txt", [4])).ShouldBeSuccess();
        var file = await owner.LinkAsync("/a.txt");
        var folder = await owner.LinkAsync("/f", "folder");
        var before = (await owner.ListSharedAsync()).Link(file);
        before["downloads"]!.GetValue<long>().ShouldBe(0);
        before["last_download_at"].ShouldBeNull();

        var expected = 0;
        for (var trial = 0; trial < 3; trial++)
        {
            var started = DateTime.UtcNow;
            var statuses = await Races.TogetherAsync(Enumerable.Range(0, 24).Select(i => (Func<Task<HttpStatusCode>>)(async () =>
            {
                using var visitor = stack.Worker.NewClient();
                using var response = await visitor.SharedFileAsync(owner.UserName!, i % 3 == 0 ? folder : file);
                await response.Content.ReadAsByteArrayAsync();
                return response.StatusCode;
            })).ToArray());
            statuses.Count(s => s == HttpStatusCode.Found).ShouldBe(16, $"trial {trial}");
            statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(8, $"trial {trial}");
            expected += 16;

            var listed = await owner.ListSharedAsync();
            listed.Link(file)["downloads"]!.GetValue<long>().ShouldBe(expected, $"trial {trial}");
            listed.Link(folder)["downloads"]!.GetValue<long>().ShouldBe(expected / 2, $"trial {trial}");
            listed.Link(file)["last_download_at"]!.GetValue<DateTime>().ShouldBe(DateTime.UtcNow, DateTime.UtcNow - started + TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public async Task RefusedDownloadsAreNotCounted()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        (await owner.UploadAsync("/a.txt", [1])).ShouldBeSuccess();
        var link = await owner.LinkWithAsync("/a.txt", "file", new { password = "a link password" });
        using var visitor = stack.Worker.NewClient();

        (await visitor.SharedFileAsync(owner.UserName!, link)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await visitor.SharedInfoAsync(owner.UserName!, link)).ShouldBeSuccess();
        var listed = (await owner.ListSharedAsync()).Single();
        listed["downloads"]!.GetValue<long>().ShouldBe(0);
        listed["last_download_at"].ShouldBeNull();
        listed["upload_only"]!.GetValue<bool>().ShouldBeFalse();
        listed["uploads"].ShouldBeNull();
    }
}
