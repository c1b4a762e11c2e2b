using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Sharing;

/// <summary>
/// A direct upload through an upload-only link finished twice at once (complete and abort, two aborts, two completions)
/// over <see cref="Races.Trials"/> trials: after each, the link counts exactly the files it received and never takes
/// more than max_files.
/// </summary>
[Collection(Areas.Sharing)]
public sealed class LinkSlotRaceTests(Stack stack)
{
    private const int MaxFiles = 3;
    private const int Size = 4096;

    [Fact]
    public async Task CompletingAndAbortingOneLinkUploadAtOnceLeaveItsFileCountedOnlyIfItArrived()
    {
        await RaceAsync(async (visitor, trial) =>
        {
            // Even trials put the declared bytes (the completion can keep them), odd ones too few (it is rejected).
            var (complete, abort) = await BothAsync(() => visitor.Complete(), () => visitor.Abort());
            if (trial.Bytes == Size && complete.Status == HttpStatusCode.OK)
            {
                complete.Body["size_bytes"]!.GetValue<long>().ShouldBe(Size, trial.Name);
                abort.ShouldBeError(HttpStatusCode.Conflict, "already complete");
                return 1;
            }
            if (complete.Status == HttpStatusCode.BadRequest)
            {
                complete.ShouldBeError(HttpStatusCode.BadRequest, "discarded");
                trial.Bytes.ShouldNotBe(Size, trial.Name);
                abort.Status.ShouldBeOneOf(trial.Name, HttpStatusCode.Conflict, HttpStatusCode.NotFound);
                abort.ShouldBeError(abort.Status, abort.Status == HttpStatusCode.Conflict ? "given up" : "no such upload");
                return 0;
            }
            abort.ShouldBeSuccess();
            complete.ShouldBeError(HttpStatusCode.NotFound, "no such upload");
            return 0;
        });
    }

    [Fact]
    public async Task TwoAbortsOfOneLinkUploadGiveItsFileBackOnce()
    {
        await RaceAsync(async (visitor, trial) =>
        {
            var (first, second) = await BothAsync(() => visitor.Abort(), () => visitor.Abort());
            (first.Status == HttpStatusCode.OK).ShouldNotBe(second.Status == HttpStatusCode.OK, $"{trial.Name}: exactly one aborts");
            var loser = first.Status == HttpStatusCode.OK ? second : first;
            loser.Status.ShouldBeOneOf(trial.Name, HttpStatusCode.Conflict, HttpStatusCode.NotFound);
            loser.ShouldBeError(loser.Status, loser.Status == HttpStatusCode.Conflict ? "given up" : "no such upload");
            return 0;
        });
    }

    [Fact]
    public async Task TwoCompletionsOfOneLinkUploadCountItOnceWhetherKeptOrRejected()
    {
        await RaceAsync(async (visitor, trial) =>
        {
            var (first, second) = await BothAsync(() => visitor.Complete(), () => visitor.Complete());
            if (trial.Bytes == Size)
            {
                first.ShouldBeSuccess();
                second.ShouldBeSuccess();
                second.Body["size_bytes"]!.GetValue<long>().ShouldBe(first.Body["size_bytes"]!.GetValue<long>(), trial.Name);
                return 1;
            }
            (first.Status == HttpStatusCode.BadRequest).ShouldNotBe(second.Status == HttpStatusCode.BadRequest, $"{trial.Name}: exactly one rejects");
            (first.Status == HttpStatusCode.BadRequest ? first : second).ShouldBeError(HttpStatusCode.BadRequest, "discarded");
            (first.Status == HttpStatusCode.BadRequest ? second : first).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
            return 0;
        });
    }

    private sealed record Trial(string Name, int Bytes);

    /// <summary>One visitor's direct upload in flight through a link, and the two calls that finish it.</summary>
    private sealed class LinkUpload(Client visitor, string owner, string link, string uploadId)
    {
        public Task<(HttpStatusCode Status, JsonNode Body)> Complete() => visitor.CompleteThroughAsync(owner, link, uploadId);

        public Task<(HttpStatusCode Status, JsonNode Body)> Abort() => visitor.AbortThroughAsync(owner, link, uploadId);
    }

    /// <summary>
    /// Per trial: a fresh link of <see cref="MaxFiles"/> that has received one file, a direct upload begun through it
    /// with <see cref="Size"/> or fewer bytes put, then <paramref name="race"/> (which returns the files it added);
    /// then the link's count, its files_left and how many more files it takes must all agree with what arrived.
    /// </summary>
    private async Task RaceAsync(Func<LinkUpload, Trial, Task<int>> race)
    {
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var userId = await owner.UserIdAsync();
        using var visitor = stack.Worker.NewClient();
        for (var t = 0; t < Trials; t++)
        {
            var trial = new Trial($"trial {t}", t % 2 == 0 ? Size : Size - 1);
            var folder = $"/in{t}";
            (await owner.CreateFolderAsync(folder)).ShouldBeSuccess();
            var link = await owner.LinkWithAsync(folder, "folder", new { upload_only = true, max_files = MaxFiles });
            (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "first.txt", [1])).ShouldBeSuccess();
            var begun = await visitor.BeginThroughAsync(owner.UserName!, link, "race.bin", Size);
            begun.ShouldBeSuccess();
            var url = new Uri(begun.Body["upload_url"]!.GetValue<string>());
            (await DirectUploadCalls.PutBlobAsync(url, DriveCalls.RandomBytes(trial.Bytes))).ShouldBe(HttpStatusCode.Created, trial.Name);

            var added = await race(new LinkUpload(visitor, owner.UserName!, link, begun.Body["upload_id"]!.GetValue<string>()), trial);

            var received = 1 + added;
            (await owner.LayerAsync(folder)).Count.ShouldBe(received, trial.Name);
            (await owner.ListSharedAsync()).Link(link)["uploads"]!.GetValue<long>().ShouldBe(received, $"{trial.Name}: uploads counts the files received");
            (await visitor.SharedInfoAsync(owner.UserName!, link)).Body["files_left"]!.GetValue<long>().ShouldBe(MaxFiles - received, trial.Name);
            await stack.Worker.ShouldBeSoundAsync(userId, trial.Name);
            for (var more = received; more < MaxFiles; more++)
                (await visitor.Http.UploadThroughAsync(owner.UserName!, link, $"more{more}.txt", [2])).ShouldBeSuccess();
            (await visitor.Http.UploadThroughAsync(owner.UserName!, link, "over.txt", [3])).ShouldBeError(HttpStatusCode.Conflict, "max_files");
            (await owner.LayerAsync(folder)).Count.ShouldBe(MaxFiles, $"{trial.Name}: never more than max_files");
        }
    }

    private static async Task<(T First, T Second)> BothAsync<T>(Func<Task<T>> first, Func<Task<T>> second)
    {
        var answers = await TogetherAsync(first, second);
        return (answers[0], answers[1]);
    }
}
