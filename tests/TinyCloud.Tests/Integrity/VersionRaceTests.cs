using System.Net;
using System.Security.Cryptography;
using TinyCloud.Tests.Infrastructure;
using static TinyCloud.Tests.Infrastructure.VersionCalls;
using static TinyCloud.Tests.Integrity.Races;

namespace TinyCloud.Tests.Integrity;

/// <summary>
/// Replaces, restores and downloads of one file released together over <see cref="Races.Trials"/> trials; after each,
/// every content the answers promise is there exactly once (current or version), and the drive's invariants hold
/// (used bytes = current + versions + trash, every referenced blob exists, no blob unreferenced).
/// </summary>
[Collection(Areas.Integrity)]
public sealed class VersionRaceTests(Stack stack)
{
    private static byte[] Content(int trial, string who) => System.Text.Encoding.UTF8.GetBytes($"trial {trial}: {who} {new string('x', trial * 7)}");

    /// <summary>The hashes of the file's current content and of its versions.</summary>
    private static async Task<List<string>> ContentsAsync(Client client, string path)
    {
        var listed = await client.ListVersionsAsync(path);
        listed.ShouldBeSuccess();
        return listed.Body["versions"]!.AsArray().Select(v => v!["sha256"]!.GetValue<string>())
            .Prepend(listed.Body["fs_entity"]!["sha256"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task TwoParallelReplacesBothLandAsCurrentAndVersion()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            var path = $"/p{t}.txt";
            var (original, a, b) = (Content(t, "original"), Content(t, "a"), Content(t, "bb"));
            (await client.UploadAsync(path, original)).ShouldBeSuccess();

            var answers = await TogetherAsync(() => client.ReplaceAsync(path, a), () => client.ReplaceAsync(path, b));

            answers[0].ShouldBeSuccess();
            answers[1].ShouldBeSuccess();
            var contents = await ContentsAsync(client, path);
            contents.ShouldBe([Sha256Hex(original), Sha256Hex(a), Sha256Hex(b)], ignoreOrder: true, $"trial {t}");
            contents[0].ShouldNotBe(Sha256Hex(original), $"trial {t}: the current content is one of the replaces");
            (await client.QuotaAsync()).Used.ShouldBe(SumSoFar(t), $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
        static long SumSoFar(int t) => Enumerable.Range(0, t + 1).Sum(i => (long)Content(i, "original").Length + Content(i, "a").Length + Content(i, "bb").Length);
    }

    [Fact]
    public async Task TwoParallelReplacesWithOneIfMatchLetExactlyOneWin()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            var path = $"/m{t}.txt";
            var (original, a, b) = (Content(t, "original"), Content(t, "a"), Content(t, "bb"));
            var version = (await client.UploadAsync(path, original)).Body["fs_entity"]!["version_id"]!.GetValue<string>();

            var answers = await TogetherAsync(() => client.ReplaceAsync(path, a, version), () => client.ReplaceAsync(path, b, version));

            answers.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, $"trial {t}");
            answers.Count(r => r.Status == HttpStatusCode.PreconditionFailed).ShouldBe(1, $"trial {t}");
            var winner = answers[0].Status == HttpStatusCode.OK ? a : b;
            (await ContentsAsync(client, path)).ShouldBe([Sha256Hex(winner), Sha256Hex(original)], $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task ADownloadDuringAReplaceGetsWhollyOldOrWhollyNewBytes()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        var (old, @new) = (RandomNumberGenerator.GetBytes(300_000), RandomNumberGenerator.GetBytes(200_000));
        (await client.UploadAsync("/d.bin", old)).ShouldBeSuccess();
        for (var t = 0; t < Trials; t++)
        {
            var (from, to) = t % 2 == 0 ? (old, @new) : (@new, old);
            var downloads = TogetherAsync(
                async () => { using var r = await client.DownloadAsync("/d.bin"); return (r.StatusCode, Bytes: await r.Content.ReadAsByteArrayAsync(), Digest: r.Headers.GetValues("Repr-Digest").Single()); },
                async () => { using var r = await client.DownloadAsync("/d.bin"); return (r.StatusCode, Bytes: await r.Content.ReadAsByteArrayAsync(), Digest: r.Headers.GetValues("Repr-Digest").Single()); });
            var replace = client.ReplaceAsync("/d.bin", to);
            (await replace).ShouldBeSuccess();
            foreach (var (status, bytes, digest) in await downloads)
            {
                status.ShouldBe(HttpStatusCode.OK, $"trial {t}");
                (bytes.SequenceEqual(from) || bytes.SequenceEqual(to)).ShouldBeTrue($"trial {t}: wholly old or wholly new");
                digest.ShouldBe($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:", $"trial {t}");
            }
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task ARestoreRacingAReplaceLosesNoContent()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            var path = $"/r{t}.txt";
            var (original, second, third) = (Content(t, "original"), Content(t, "second"), Content(t, "third"));
            (await client.UploadAsync(path, original)).ShouldBeSuccess();
            (await client.ReplaceAsync(path, second)).ShouldBeSuccess();
            var versionId = (await client.VersionsAsync(path)).Single()["version_id"]!.GetValue<string>();

            var answers = await TogetherAsync(() => client.RestoreVersionAsync(path, versionId), () => client.ReplaceAsync(path, third));

            answers[0].ShouldBeSuccess();
            answers[1].ShouldBeSuccess();
            var contents = await ContentsAsync(client, path);
            contents.ShouldBe([Sha256Hex(original), Sha256Hex(second), Sha256Hex(third)], ignoreOrder: true, $"trial {t}");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task TwoCompletionsAtOnceOfOneReplacingDirectUploadBothAnswerTheFileItReplacedOnce()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        for (var t = 0; t < Trials; t++)
        {
            var path = $"/c{t}.txt";
            var (original, replacement) = (Content(t, "original"), Content(t, "replacement"));
            var version = (await client.UploadAsync(path, original)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
            var (uploadId, _) = await client.BeginReplaceAsync(path, replacement, t % 2 == 0 ? version : null);

            var answers = await TogetherAsync(() => client.CompleteUploadAsync(uploadId), () => client.CompleteUploadAsync(uploadId));

            foreach (var first in answers)
            {
                var answer = first;
                // The later completion waits for the other's landing a few seconds, then asks to be asked again (409): on a
                // loaded machine a landing can take longer. Asked again, it answers the file as the first did.
                for (var again = 0; again < 20 && answer.Status == HttpStatusCode.Conflict && answer.Body["error"]?.GetValue<string>().Contains("ask again", StringComparison.Ordinal) == true; again++)
                    answer = await client.CompleteUploadAsync(uploadId);
                answer.ShouldBeSuccess();
                answer.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe(path, $"trial {t}");
                answer.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(replacement), $"trial {t}");
            }
            (await ContentsAsync(client, path)).ShouldBe([Sha256Hex(replacement), Sha256Hex(original)], $"trial {t}: one replace, one version");
            (await client.QuotaAsync()).Used.ShouldBe(Enumerable.Range(0, t + 1).Sum(i => (long)Content(i, "original").Length + Content(i, "replacement").Length), $"trial {t}");
            (await client.PostAsync("/api/activity-service/list-activity", new { kinds = new[] { "file.replaced" }, limit = 100 }))
                .Body["events"]!.AsArray().Count.ShouldBe(t + 1, $"trial {t}: one replace event per replace");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }

    [Fact]
    public async Task ACompletionAnAbortAndATrashOfItsFileAtOnceEndOneWayAndChargeWhatTheyAnswer()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        long expected = 0;
        for (var t = 0; t < Trials; t++)
        {
            var path = $"/a{t}.txt";
            var (original, replacement) = (Content(t, "original"), Content(t, "replacement"));
            var version = (await client.UploadAsync(path, original)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
            var (uploadId, _) = await client.BeginReplaceAsync(path, replacement, t % 2 == 0 ? version : null);

            // The completion copies and hashes before it takes the upload: the others start later by turns, so each gets there first.
            var (completed, aborted, trashed) = await TogetherAsync(
                () => client.CompleteUploadAsync(uploadId),
                async () => { await Task.Delay(t % 5 * 25); return await client.AbortUploadAsync(uploadId); },
                async () => { await Task.Delay((t + 2) % 5 * 25); return await client.TrashAsync(path); }) switch
            { var a => (a[0], a[1], a[2]) };

            trashed.ShouldBeSuccess();
            completed.Status.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound], $"trial {t}: {completed.Body}");
            aborted.Status.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound], $"trial {t}: {aborted.Body}");
            (completed.Status == HttpStatusCode.OK && aborted.Status == HttpStatusCode.OK).ShouldBeFalse($"trial {t}: completed and aborted both");
            if (completed.Status == HttpStatusCode.OK)
                completed.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(replacement), $"trial {t}");
            expected += original.Length + (completed.Status == HttpStatusCode.OK ? replacement.Length : 0);
            (await client.QuotaAsync()).Used.ShouldBe(expected, $"trial {t}: the trash keeps what was there, the replacement only if it landed");
            await stack.Worker.ShouldBeSoundAsync(userId, $"trial {t}");
        }
    }
}
