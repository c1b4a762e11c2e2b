using System.Net;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Integrity;

/// <summary>
/// Copies (which share their sources' blobs) against deletes, uploads and downloads, released together over
/// <see cref="Races.Trials"/> trials; after each, what the answers promise holds, every listed file's bytes can be read,
/// and the drive's invariants hold (used bytes exact, every referenced blob present, no blob unreferenced).
/// </summary>
[Collection(Areas.Integrity)]
public sealed class CopyRaceTests(Stack stack)
{
    private static async Task FilesReadWholeAsync(Client client, string folder, string trial)
    {
        foreach (var file in (await client.LayerAsync(folder)).Where(e => e["base_type"]!.GetValue<string>() == "file"))
        {
            using var download = await client.DownloadAsync(file["abs_path"]!.GetValue<string>());
            download.StatusCode.ShouldBe(HttpStatusCode.OK, trial);
            (await download.Content.ReadAsByteArrayAsync()).Length.ShouldBe((int)file["size_bytes"]!.GetValue<long>(), trial);
        }
    }

    [Fact]
    public async Task ACopyOfAFolderRacingTheDeleteOfItsSourceIsWholeOrNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/s{t}")).ShouldBeSuccess();
            for (var i = 0; i < 3; i++)
                (await client.UploadAsync($"/s{t}/f{i}.bin", new byte[10 + i])).ShouldBeSuccess();

            var answers = await TogetherAsync(() => client.CopyAsync($"/s{t}", $"/c{t}", "folder"), () => client.DeleteAsync($"/s{t}", "folder"));
            var (copy, delete) = (answers[0], answers[1]);

            delete.ShouldBeSuccess();
            copy.Status.ShouldBeOneOf($"trial {t}: copy", HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Conflict);
            var names = (await client.LayerAsync()).Names();
            names.ShouldNotContain($"s{t}");
            if (copy.Status == HttpStatusCode.OK)
            {
                (await client.LayerAsync($"/c{t}")).Names().ShouldBe(["f0.bin", "f1.bin", "f2.bin"], $"trial {t}: whole");
                await FilesReadWholeAsync(client, $"/c{t}", $"trial {t}");
            }
            else
                names.ShouldNotContain($"c{t}", $"trial {t}: nothing of a refused copy");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task ACopyRacingAnUploadIntoItsSourceLosesNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/s{t}")).ShouldBeSuccess();
            (await client.UploadAsync($"/s{t}/a.bin", new byte[20])).ShouldBeSuccess();

            var answers = await TogetherAsync(() => client.CopyAsync($"/s{t}", $"/c{t}", "folder"), () => client.UploadAsync($"/s{t}/new.bin", new byte[30]));

            answers[0].ShouldBeSuccess();
            answers[1].ShouldBeSuccess();
            (await client.LayerAsync($"/s{t}")).Names().ShouldBe(["a.bin", "new.bin"], $"trial {t}");
            var copied = (await client.LayerAsync($"/c{t}")).Names();
            copied.ShouldContain("a.bin", $"trial {t}");
            copied.Count.ShouldBeLessThanOrEqualTo(2, $"trial {t}");
            await FilesReadWholeAsync(client, $"/c{t}", $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task DeletingOneCopyWhileTheOtherIsDownloadedKeepsItsBytes()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var bytes = DriveCalls.RandomBytes(200_000);
        for (var t = 0; t < Trials; t++)
        {
            (await client.UploadAsync($"/a{t}.bin", bytes)).ShouldBeSuccess();
            (await client.CopyAsync($"/a{t}.bin", $"/b{t}.bin")).ShouldBeSuccess();

            var delete = TogetherAsync(() => client.DeleteAsync($"/a{t}.bin"));
            using var download = await client.DownloadAsync($"/b{t}.bin");

            (await delete)[0].ShouldBeSuccess();
            download.StatusCode.ShouldBe(HttpStatusCode.OK, $"trial {t}");
            (await download.Content.ReadAsByteArrayAsync()).ShouldBe(bytes, $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
        for (var t = 0; t < Trials; t++)
            (await client.DeleteAsync($"/b{t}.bin")).ShouldBeSuccess();
        await stack.Worker.ShouldBeSoundAsync(userId, "every copy deleted: no blob left");
    }
}
