using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Sharing;

/// <summary>
/// Sixteen visitors uploading through one upload-only link at the same moment, over several trials, with the drive's
/// invariants (<see cref="Races.ShouldBeSoundAsync"/>) and the link's counts checked after each.
/// </summary>
[Collection(Areas.Sharing)]
public sealed class UploadOnlyRaceTests(Stack stack)
{
    private const int Visitors = 16;
    private const int LinkTrials = 5;

    private static Func<Task<(HttpStatusCode Status, JsonNode Body)>>[] Uploads(Worker worker, string userName, string link, Func<int, string> name, byte[] bytes) =>
        Enumerable.Range(0, Visitors).Select(i => (Func<Task<(HttpStatusCode, JsonNode)>>)(async () =>
        {
            using var visitor = worker.NewClient();
            return await visitor.Http.UploadThroughAsync(userName, link, name(i), bytes);
        })).ToArray();

    [Fact]
    public async Task SixteenParallelUploadsTakeExactlyMaxFilesAndCountExactly()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var userId = await owner.UserIdAsync();
        for (var t = 0; t < LinkTrials; t++)
        {
            (await owner.CreateFolderAsync($"/in{t}")).ShouldBeSuccess();
            var link = await owner.LinkWithAsync($"/in{t}", "folder", new { upload_only = true, max_files = 5, max_file_bytes = 4096 });
            var bytes = DriveCalls.RandomBytes(1000 + t);
            var before = (await owner.QuotaAsync()).Used;

            var answers = await TogetherAsync(Uploads(stack.Worker, owner.UserName!, link, i => $"f{i}.bin", bytes));

            answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(5, $"trial {t}");
            answers.Where(a => a.Status != HttpStatusCode.OK).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict
                && a.Body["error"]!.GetValue<string>().Contains("max_files"));
            (await owner.LayerAsync($"/in{t}")).Count.ShouldBe(5, $"trial {t}");
            (await owner.QuotaAsync()).Used.ShouldBe(before + 5 * bytes.Length, $"trial {t}");
            (await owner.ListSharedAsync()).Link(link)["uploads"]!.GetValue<long>().ShouldBe(5, $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task SixteenParallelDirectBeginsTakeExactlyMaxFilesAndTheRestAreTold409()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var userId = await owner.UserIdAsync();
        for (var t = 0; t < LinkTrials; t++)
        {
            (await owner.CreateFolderAsync($"/begun{t}")).ShouldBeSuccess();
            var link = await owner.LinkWithAsync($"/begun{t}", "folder", new { upload_only = true, max_files = 5 });
            var bytes = DriveCalls.RandomBytes(700 + t);

            var answers = await TogetherAsync(Enumerable.Range(0, Visitors).Select(i => (Func<Task<(HttpStatusCode Status, JsonNode Body)>>)(async () =>
            {
                using var visitor = stack.Worker.NewClient();
                return await visitor.BeginThroughAsync(owner.UserName!, link, "scan.pdf", bytes.Length);
            })).ToArray());

            var begun = answers.Where(a => a.Status == HttpStatusCode.OK).ToList();
            begun.Count.ShouldBe(5, $"trial {t}");
            begun.ShouldAllBe(a => a.Body["result"]!.GetValue<string>() == "success");
            begun.Select(a => a.Body["upload_id"]!.GetValue<string>()).Distinct().Count().ShouldBe(5, $"trial {t}");
            answers.Where(a => a.Status != HttpStatusCode.OK).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict
                && a.Body["result"]!.GetValue<string>() == "error" && a.Body["error"]!.GetValue<string>().Contains("max_files"));
            (await owner.ListSharedAsync()).Link(link)["uploads"]!.GetValue<long>().ShouldBe(5, $"trial {t}: uploads in flight hold their files");

            // Two arrive, three are given up: the link then counts the two and takes three more.
            using var sender = stack.Worker.NewClient();
            for (var i = 0; i < 5; i++)
            {
                var id = begun[i].Body["upload_id"]!.GetValue<string>();
                if (i < 2)
                {
                    (await DirectUploadCalls.PutBlobAsync(new Uri(begun[i].Body["upload_url"]!.GetValue<string>()), bytes)).ShouldBe(HttpStatusCode.Created);
                    (await sender.CompleteThroughAsync(owner.UserName!, link, id)).ShouldBeSuccess();
                }
                else
                    (await sender.AbortThroughAsync(owner.UserName!, link, id)).ShouldBeSuccess();
            }
            (await owner.ListSharedAsync()).Link(link)["uploads"]!.GetValue<long>().ShouldBe(2, $"trial {t}");
            (await sender.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(3, $"trial {t}");
            (await owner.LayerAsync($"/begun{t}")).Count.ShouldBe(2, $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task SixteenParallelUploadsNeverOvershootTheOwnersQuota()
    {
        // 1 MiB of quota and 16 files of 100 KB: at most 10 can fit, whatever the interleaving.
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Accounts:DefaultQuotaMb"] = "1" });
        for (var t = 0; t < LinkTrials; t++)
        {
            using var owner = await worker.NewClient().SignUpAsync();
            var userId = await owner.UserIdAsync();
            (await owner.CreateFolderAsync("/in")).ShouldBeSuccess();
            var link = await owner.LinkWithAsync("/in", "folder", new { upload_only = true, max_files = 14 });
            var bytes = DriveCalls.RandomBytes(100_000);

            var answers = await TogetherAsync(Uploads(worker, owner.UserName!, link, i => "same.bin", bytes));

            var kept = answers.Count(a => a.Status == HttpStatusCode.OK);
            kept.ShouldBeInRange(1, 10, $"trial {t}");
            answers.Where(a => a.Status != HttpStatusCode.OK).ShouldAllBe(a =>
                a.Status == HttpStatusCode.RequestEntityTooLarge || a.Status == HttpStatusCode.Conflict);
            var (used, available) = await owner.QuotaAsync();
            used.ShouldBe(kept * bytes.Length, $"trial {t}");
            (used + available).ShouldBe(1048576, $"trial {t}");
            (await owner.LayerAsync("/in")).Count.ShouldBe(kept, $"trial {t}");
            (await owner.ListSharedAsync()).Single()["uploads"]!.GetValue<long>().ShouldBe(kept, $"trial {t}: refused uploads gave their file back");
            await worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task SixteenParallelUploadsOfOneNameAllKeepTheirBytesUnderDistinctNames()
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var userId = await owner.UserIdAsync();
        for (var t = 0; t < LinkTrials; t++)
        {
            (await owner.CreateFolderAsync($"/drop{t}")).ShouldBeSuccess();
            var link = await owner.LinkWithAsync($"/drop{t}", "folder", new { upload_only = true });
            var contents = Enumerable.Range(0, Visitors).Select(i => DriveCalls.RandomBytes(500 + i)).ToArray();

            var answers = await TogetherAsync(Enumerable.Range(0, Visitors).Select(i => (Func<Task<(HttpStatusCode Status, JsonNode Body)>>)(async () =>
            {
                using var visitor = stack.Worker.NewClient();
                return await visitor.Http.UploadThroughAsync(owner.UserName!, link, "report.pdf", contents[i]);
            })).ToArray());

            answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK, $"trial {t}");
            answers.ShouldAllBe(a => a.Body["size_bytes"] != null && a.Body["name"] == null, $"trial {t}: a visitor is not told the name");
            // The first tries are numbered; past them a name gets a random number, so every upload lands whatever the folder holds.
            var names = (await owner.LayerAsync($"/drop{t}")).Names().ToList();
            var numbered = names.Where(n => n == "report.pdf" || System.Text.RegularExpressions.Regex.IsMatch(n, @"^report \((10|[2-9])\)\.pdf$")).ToList();
            numbered.Count.ShouldBe(NumberedNames.VisitorTries, $"trial {t}");
            names.Except(numbered).ShouldAllBe(n => System.Text.RegularExpressions.Regex.IsMatch(n, @"^report \([0-9a-f]{12}\)\.pdf$"), $"trial {t}");
            var stored = new List<byte[]>();
            foreach (var name in names)
            {
                using var download = await owner.DownloadAsync($"/drop{t}/{name}");
                stored.Add(await download.Content.ReadAsByteArrayAsync());
            }
            stored.Select(Convert.ToHexString).ShouldBe(contents.Select(Convert.ToHexString), ignoreOrder: true, $"trial {t}: each upload kept its own bytes");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }
}
