using System.Net;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Integrity;

/// <summary>
/// Two clients changing one drive at the same moment: each test releases its requests together, over
/// <see cref="Races.Trials"/> trials, and checks the answers and the drive's invariants after every one.
/// </summary>
[Collection(Areas.Integrity)]
public sealed class TreeRaceTests(Stack stack)
{
    [Fact]
    public async Task TwoCrossingFolderMovesNeverMakeACycleAndNothingIsLost()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            var (a, b) = ($"/A{t}", $"/B{t}");
            (await client.CreateFolderAsync(a)).ShouldBeSuccess();
            (await client.CreateFolderAsync(b)).ShouldBeSuccess();
            (await client.UploadAsync($"{a}/a.txt", [1, 2, 3])).ShouldBeSuccess();

            var answers = await TogetherAsync(
                () => client.MoveAsync(a, $"{b}{a}", "folder"),
                () => client.MoveAsync(b, $"{a}{b}", "folder"));

            answers.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, $"trial {t}: exactly one move wins");
            var loser = answers.Single(r => r.Status != HttpStatusCode.OK);
            loser.ShouldBeError(loser.Status);
            loser.Status.ShouldBeOneOf($"trial {t}", HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
            var top = (await client.LayerAsync("/")).Names().Where(n => n == a[1..] || n == b[1..]).ToList();
            top.Count.ShouldBe(1, $"trial {t}: one folder stays at the top, the other inside it");
            var file = answers[0].Status == HttpStatusCode.OK ? $"{b}{a}/a.txt" : $"{a}/a.txt";
            (await client.EntityAsync(file)).ShouldBeSuccess();
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task TwoRenamesOfOneFolderKeepItsChildrenUnderWhicheverNameWins()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/m{t}")).ShouldBeSuccess();
            for (var i = 0; i < 20; i++)
                (await client.UploadAsync($"/m{t}/c{i}.bin", new byte[100])).ShouldBeSuccess();

            var answers = await TogetherAsync(
                () => client.RenameAsync($"/m{t}", $"m{t}-1", "folder"),
                () => client.RenameAsync($"/m{t}", $"m{t}-2", "folder"));

            answers.ShouldAllBe(r => r.Status == HttpStatusCode.OK || r.Status == HttpStatusCode.NotFound);
            answers.ShouldContain(r => r.Status == HttpStatusCode.OK);
            var names = (await client.LayerAsync("/")).Names().Where(n => n.StartsWith($"m{t}", StringComparison.Ordinal)).ToList();
            names.Count.ShouldBe(1, $"trial {t}");
            (await client.LayerAsync("/" + names[0])).Count.ShouldBe(20, $"trial {t}: every child follows its folder");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
        (await client.QuotaAsync()).Used.ShouldBe(Trials * 20 * 100);
    }

    [Fact]
    public async Task AnUploadDuringARenameOfItsFolderEndsUpListedUnderTheNewName()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/r{t}")).ShouldBeSuccess();
            var (upload, rename) = await BothAsync(
                () => client.UploadAsync($"/r{t}/f.bin", new byte[1000]),
                () => client.RenameAsync($"/r{t}", $"r{t}x", "folder"));

            rename.ShouldBeSuccess();
            upload.Status.ShouldBeOneOf($"trial {t}", HttpStatusCode.OK, HttpStatusCode.NotFound);
            var listed = (await client.LayerAsync($"/r{t}x")).Names();
            listed.ShouldBe(upload.Status == HttpStatusCode.OK ? ["f.bin"] : [], $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task ACreateFolderDuringARenameOfItsParentEndsUpListedUnderTheNewName()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/p{t}")).ShouldBeSuccess();
            var (create, rename) = await BothAsync(
                () => client.CreateFolderAsync($"/p{t}/inner"),
                () => client.RenameAsync($"/p{t}", $"p{t}x", "folder"));

            rename.ShouldBeSuccess();
            create.Status.ShouldBeOneOf($"trial {t}", HttpStatusCode.OK, HttpStatusCode.NotFound);
            (await client.LayerAsync($"/p{t}x")).Names().ShouldBe(create.Status == HttpStatusCode.OK ? ["inner"] : [], $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task DeletingAFolderDuring16UploadsIntoItKeepsNothingAndChargesNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/d{t}")).ShouldBeSuccess();
            var calls = Enumerable.Range(0, 16)
                .Select(i => (Func<Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body)>>)(() => client.UploadAsync($"/d{t}/u{i}.bin", new byte[2000])))
                .Append(() => client.DeleteAsync($"/d{t}", "folder"))
                .ToArray();
            var answers = await TogetherAsync(calls);

            answers[^1].ShouldBeSuccess();
            foreach (var upload in answers[..^1])
            {
                // An upload may finish before the delete (then the delete removes it), or find its folder gone: never a 5xx.
                upload.Status.ShouldBeOneOf($"trial {t}: {upload.Body.ToJsonString()}\n{string.Join("\n", stack.Worker.Output.Split("\n").Where(l => l.Contains("xception") || l.Contains("fail") || l.Contains("   at ")).Take(40))}",
                    HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Conflict);
                if (upload.Status != HttpStatusCode.OK)
                    upload.ShouldBeError(upload.Status);
            }
            (await client.LayerAsync("/")).Names().ShouldNotContain($"d{t}");
            (await client.QuotaAsync()).Used.ShouldBe(0, $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task DeletingAFolderWhileItIsRenamedLeavesItEitherGoneOrRenamedWhole()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/x{t}")).ShouldBeSuccess();
            (await client.UploadAsync($"/x{t}/f.bin", new byte[500])).ShouldBeSuccess();
            var (delete, rename) = await BothAsync(
                () => client.DeleteAsync($"/x{t}", "folder"),
                () => client.RenameAsync($"/x{t}", $"y{t}", "folder"));

            delete.Status.ShouldBeOneOf($"trial {t}", HttpStatusCode.OK, HttpStatusCode.NotFound);
            rename.Status.ShouldBeOneOf($"trial {t}", HttpStatusCode.OK, HttpStatusCode.NotFound);
            (delete.Status == HttpStatusCode.OK || rename.Status == HttpStatusCode.OK).ShouldBeTrue($"trial {t}");
            var top = (await client.LayerAsync("/")).Names();
            top.ShouldNotContain($"x{t}");
            if (top.Contains($"y{t}"))
                (await client.LayerAsync($"/y{t}")).Names().ShouldBe(["f.bin"], $"trial {t}: renamed whole");
            else
                delete.ShouldBeSuccess();
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task MovingAFileIntoAFolderBeingDeletedNeverLeavesItStranded()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/src{t}")).ShouldBeSuccess();
            (await client.CreateFolderAsync($"/dst{t}")).ShouldBeSuccess();
            (await client.UploadAsync($"/src{t}/f.bin", new byte[700])).ShouldBeSuccess();
            var (move, delete) = await BothAsync(
                () => client.MoveAsync($"/src{t}/f.bin", $"/dst{t}/f.bin"),
                () => client.DeleteAsync($"/dst{t}", "folder"));

            delete.ShouldBeSuccess();
            move.Status.ShouldBeOneOf($"trial {t}", HttpStatusCode.OK, HttpStatusCode.NotFound);
            // Moved first: it went with the folder. Refused: it stayed where it was.
            (await client.LayerAsync($"/src{t}")).Names().ShouldBe(move.Status == HttpStatusCode.OK ? [] : ["f.bin"], $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    private static async Task<(T First, T Second)> BothAsync<T>(Func<Task<T>> first, Func<Task<T>> second)
    {
        var answers = await TogetherAsync(first, second);
        return (answers[0], answers[1]);
    }
}
