using System.Net;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Integrity;

/// <summary>
/// The trash against the other changes of one drive, released together over <see cref="Races.Trials"/> trials, with the
/// answers and the drive's invariants (<see cref="TinyCloud.Shared.Maintenance.DriveAudit"/>, blobs vs entries) checked after each.
/// </summary>
[Collection(Areas.Integrity)]
public sealed class TrashRaceTests(Stack stack)
{
    [Fact]
    public async Task TrashingAFolderWhileItsChildIsRenamedMovedOrUploadedIntoLosesNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            var folder = $"/t{t}";
            (await client.CreateFolderAsync(folder)).ShouldBeSuccess();
            (await client.UploadAsync($"{folder}/r.bin", new byte[10])).ShouldBeSuccess();
            (await client.UploadAsync($"{folder}/m.bin", new byte[20])).ShouldBeSuccess();

            var answers = await TogetherAsync(
                () => client.TrashAsync(folder, "folder"),
                () => client.RenameAsync($"{folder}/r.bin", "r2.bin"),
                () => client.MoveAsync($"{folder}/m.bin", $"/m{t}.bin"),
                () => client.UploadAsync($"{folder}/u.bin", new byte[40]));

            answers[0].ShouldBeSuccess();
            var (rename, move, upload) = (answers[1], answers[2], answers[3]);
            rename.Status.ShouldBeOneOf($"trial {t}: rename", HttpStatusCode.OK, HttpStatusCode.NotFound);
            move.Status.ShouldBeOneOf($"trial {t}: move", HttpStatusCode.OK, HttpStatusCode.NotFound);
            upload.Status.ShouldBeOneOf($"trial {t}: upload", HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Conflict);
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}, trashed");

            (await client.RestoreAsync(answers[0].Body["item"]!["id"]!.GetValue<string>())).ShouldBeSuccess();
            var inside = (await client.LayerAsync(folder)).Names();
            var atTop = (await client.LayerAsync("/")).Names();
            inside.ShouldContain(rename.Status == HttpStatusCode.OK ? "r2.bin" : "r.bin", $"trial {t}");
            (move.Status == HttpStatusCode.OK ? atTop : inside).ShouldContain(move.Status == HttpStatusCode.OK ? $"m{t}.bin" : "m.bin", $"trial {t}");
            inside.Contains("u.bin").ShouldBe(upload.Status == HttpStatusCode.OK, $"trial {t}: an upload that succeeded is kept");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}, restored");
        }
    }

    [Fact]
    public async Task ARestoreRacingACreateOfTheSameNameLetsExactlyOneHaveIt()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            var name = $"/n{t}";
            (await client.UploadAsync(name, new byte[30])).ShouldBeSuccess();
            var id = await client.TrashIdAsync(name);

            var (restore, create) = await BothAsync(() => client.RestoreAsync(id), () => client.CreateFolderAsync(name));

            (restore.Status == HttpStatusCode.OK).ShouldNotBe(create.Status == HttpStatusCode.OK, $"trial {t}: exactly one wins");
            (restore.Status == HttpStatusCode.OK ? create : restore).ShouldBeError(HttpStatusCode.Conflict);
            var kind = (await client.LayerAsync("/")).Single(e => e["name"]!.GetValue<string>() == name[1..])["base_type"]!.GetValue<string>();
            kind.ShouldBe(restore.Status == HttpStatusCode.OK ? "file" : "folder", $"trial {t}");
            (await client.TrashItemsAsync()).Any(i => i["id"]!.GetValue<string>() == id).ShouldBe(restore.Status != HttpStatusCode.OK);
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task TwoRestoresOfOneEntryRestoreItOnce()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/two{t}")).ShouldBeSuccess();
            (await client.UploadAsync($"/two{t}/f", new byte[8])).ShouldBeSuccess();
            var id = await client.TrashIdAsync($"/two{t}", "folder");

            var answers = await TogetherAsync(() => client.RestoreAsync(id), () => client.RestoreAsync(id, $"two{t}-copy"));

            answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, $"trial {t}");
            answers.Single(a => a.Status != HttpStatusCode.OK).ShouldBeError(HttpStatusCode.NotFound);
            (await client.LayerAsync("/")).Names().Count(n => n.StartsWith($"two{t}", StringComparison.Ordinal)).ShouldBe(1, $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
        (await client.QuotaAsync()).Used.ShouldBe(Trials * 8);
    }

    [Fact]
    public async Task EmptyingTheTrashWhileAnEntryIsRestoredEitherRestoresItWholeOrDeletesItWhole()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var kept = 0L;
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/e{t}")).ShouldBeSuccess();
            for (var i = 0; i < 5; i++)
                (await client.UploadAsync($"/e{t}/{i}", new byte[100])).ShouldBeSuccess();
            (await client.UploadAsync($"/other{t}", new byte[7])).ShouldBeSuccess();
            var id = await client.TrashIdAsync($"/e{t}", "folder");
            await client.TrashIdAsync($"/other{t}");

            var (empty, restore) = await BothAsync(() => client.EmptyTrashAsync(), () => client.RestoreAsync(id));

            empty.ShouldBeSuccess();
            var deleted = empty.Body["deleted_entries"]!.GetValue<int>();
            if (restore.Status == HttpStatusCode.OK)
            {
                (await client.LayerAsync($"/e{t}")).Count.ShouldBe(5, $"trial {t}: restored whole");
                deleted.ShouldBe(1, $"trial {t}");
                kept += 500;
            }
            else
            {
                restore.ShouldBeError(HttpStatusCode.NotFound);
                deleted.ShouldBe(7, $"trial {t}: deleted whole");
            }
            (await client.TrashItemsAsync()).ShouldBeEmpty();
            (await client.QuotaAsync()).Used.ShouldBe(kept, $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    private static async Task<(T First, T Second)> BothAsync<T>(Func<Task<T>> first, Func<Task<T>> second)
    {
        var answers = await TogetherAsync(first, second);
        return (answers[0], answers[1]);
    }
}
