using System.Net;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Integrity;

/// <summary>Two changes that read one entry at once: the second finds it changed and says so, as documented.</summary>
[Collection(Areas.Integrity)]
public sealed class RenameRaceTests(Stack stack)
{
    [Fact]
    public async Task OfTwoParallelRenamesOfOneFolderExactlyOneSucceeds()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/f{t}")).ShouldBeSuccess();
            (await client.UploadAsync($"/f{t}/x.txt", [1])).ShouldBeSuccess();
            var answers = await TogetherAsync(() => client.RenameAsync($"/f{t}", $"a{t}", "folder"), () => client.RenameAsync($"/f{t}", $"b{t}", "folder"));

            answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1, $"trial {t}");
            answers.Single(a => a.Status != HttpStatusCode.OK).ShouldBeError(HttpStatusCode.NotFound); // "meanwhile", or gone when it looked
            var winner = answers.Single(a => a.Status == HttpStatusCode.OK).Body["fs_entity"]!["name"]!.GetValue<string>();
            (await client.LayerAsync($"/{winner}")).Names().ShouldBe(["x.txt"], $"trial {t}");
        }
        await stack.Worker.ShouldBeSoundAsync(userId, "after the trials");
    }

    [Fact]
    public async Task OfATrashAndARenameOfOneFolderExactlyOneSucceeds()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            (await client.CreateFolderAsync($"/g{t}")).ShouldBeSuccess();
            var (trashed, renamed) = await TogetherAsync(() => client.TrashAsync($"/g{t}", "folder"), () => client.RenameAsync($"/g{t}", $"h{t}", "folder")) switch
            {
                var both => (both[0], both[1]),
            };

            (trashed.Status == HttpStatusCode.OK).ShouldNotBe(renamed.Status == HttpStatusCode.OK, $"trial {t}: exactly one succeeds");
            if (trashed.Status == HttpStatusCode.OK)
                renamed.ShouldBeError(HttpStatusCode.NotFound);
            else
                trashed.ShouldBeError(HttpStatusCode.NotFound);
            (await client.LayerAsync()).Names().Count(n => n == $"h{t}").ShouldBe(renamed.Status == HttpStatusCode.OK ? 1 : 0, $"trial {t}");
        }
        await stack.Worker.ShouldBeSoundAsync(userId, "after the trials");
    }
}
