using System.Net;
using TinyCloud.Tests.Infrastructure;
using TinyCloud.Tests.Integrity;
using static TinyCloud.Tests.Infrastructure.VersionCalls;

namespace TinyCloud.Tests.Drive;

/// <summary>
/// upload-file with <c>on_conflict: replace</c> swaps a file's content and keeps the old one as a version; the version
/// routes list, download, restore and delete them; versions are charged, kept by the trash and freed with the file.
/// </summary>
[Collection(Areas.Drive)]
public sealed class VersionTests(Stack stack)
{
    private static readonly byte[] First = "first content"u8.ToArray();
    private static readonly byte[] Second = "the second, longer content"u8.ToArray();
    private static readonly byte[] Third = "a third"u8.ToArray();

    [Fact]
    public async Task AReplaceKeepsTheFileItsLinkAndTheOldContentAsAVersion()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var uploaded = await client.UploadAsync("/r.txt", First);
        uploaded.ShouldBeSuccess();
        var link = await client.LinkAsync("/r.txt");

        var replaced = await client.ReplaceAsync("/r.txt", Second);

        replaced.ShouldBeSuccess();
        replaced.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(Second));
        replaced.Body["fs_entity"]!["shared"]!.GetValue<bool>().ShouldBeTrue();
        // The same entity: created when it was first uploaded (stored to the millisecond).
        (replaced.Body["fs_entity"]!["created_at"]!.GetValue<DateTime>() - uploaded.Body["fs_entity"]!["created_at"]!.GetValue<DateTime>())
            .Duration().ShouldBeLessThan(TimeSpan.FromMilliseconds(1));
        replaced.Body["fs_entity"]!["version_id"]!.GetValue<string>().ShouldNotBe(uploaded.Body["fs_entity"]!["version_id"]!.GetValue<string>());
        (await (await client.DownloadAsync("/r.txt")).Content.ReadAsByteArrayAsync()).ShouldBe(Second);
        var versions = await client.VersionsAsync("/r.txt");
        versions.Single()["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(First));
        versions.Single()["version_id"]!.GetValue<string>().ShouldBe(uploaded.Body["fs_entity"]!["version_id"]!.GetValue<string>());
        using (var old = await client.DownloadVersionAsync("/r.txt", versions.Single()["version_id"]!.GetValue<string>()))
            (await old.Content.ReadAsByteArrayAsync()).ShouldBe(First);
        (await client.SharedInfoAsync(client.UserName!, link)).ShouldBeSuccess();
        (await client.QuotaAsync()).Used.ShouldBe(First.Length + Second.Length);
        (await client.LayerAsync()).Names().ShouldBe(["r.txt"]);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a replace");
    }

    [Fact]
    public async Task AReplaceOfANameNotTakenIsAPlainUpload()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.ReplaceAsync("/new.txt", First)).ShouldBeSuccess();
        (await client.VersionsAsync("/new.txt")).ShouldBeEmpty();
        (await client.CreateFolderAsync("/dir")).ShouldBeSuccess();
        (await client.ReplaceAsync("/dir", First)).ShouldBeError(HttpStatusCode.Conflict, "already exists");
        (await client.QuotaAsync()).Used.ShouldBe(First.Length);
    }

    [Fact]
    public async Task AStaleIfMatchIs412AndKeepsNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var first = (await client.UploadAsync("/r.txt", First)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
        var second = await client.ReplaceAsync("/r.txt", Second, ifMatch: first);
        second.ShouldBeSuccess();

        (await client.ReplaceAsync("/r.txt", [1, 2, 3], ifMatch: first)).ShouldBeError(HttpStatusCode.PreconditionFailed, "changed meanwhile");

        (await client.QuotaAsync()).Used.ShouldBe(First.Length + Second.Length);
        (await client.VersionsAsync("/r.txt")).Count.ShouldBe(1);
        // The ETag of a download works as if_match too.
        using var download = await client.DownloadAsync("/r.txt");
        (await client.ReplaceAsync("/r.txt", First, ifMatch: download.Headers.ETag!.Tag)).ShouldBeSuccess();
        (await client.ReplaceAsync("/nothing.txt", First, ifMatch: first)).ShouldBeError(HttpStatusCode.PreconditionFailed, "no file");
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a refused replace");
    }

    [Fact]
    public async Task RestoringAVersionSwapsItWithTheCurrentContent()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/r.txt", First)).ShouldBeSuccess();
        (await client.ReplaceAsync("/r.txt", Second)).ShouldBeSuccess();
        var old = (await client.VersionsAsync("/r.txt")).Single()["version_id"]!.GetValue<string>();

        var restored = await client.RestoreVersionAsync("/r.txt", old);

        restored.ShouldBeSuccess();
        restored.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(First));
        restored.Body["fs_entity"]!["version_id"]!.GetValue<string>().ShouldBe(old);
        (await (await client.DownloadAsync("/r.txt")).Content.ReadAsByteArrayAsync()).ShouldBe(First);
        (await client.VersionsAsync("/r.txt")).Single()["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(Second));
        (await client.QuotaAsync()).Used.ShouldBe(First.Length + Second.Length);
        (await client.RestoreVersionAsync("/r.txt", old)).ShouldBeError(HttpStatusCode.NotFound, "no version");
    }

    [Fact]
    public async Task DeletingAVersionFreesItsBytesAndBlob()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/r.txt", First)).ShouldBeSuccess();
        (await client.ReplaceAsync("/r.txt", Second)).ShouldBeSuccess();
        var old = (await client.VersionsAsync("/r.txt")).Single()["version_id"]!.GetValue<string>();

        var deleted = await client.DeleteVersionAsync("/r.txt", old);

        deleted.ShouldBeSuccess();
        deleted.Body["freed_bytes"]!.GetValue<long>().ShouldBe(First.Length);
        (await client.VersionsAsync("/r.txt")).ShouldBeEmpty();
        (await client.QuotaAsync()).Used.ShouldBe(Second.Length);
        (await client.DeleteVersionAsync("/r.txt", old)).ShouldBeError(HttpStatusCode.NotFound, "no version");
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a version deleted");
    }

    [Fact]
    public async Task OnlyVersionsKeptAreKeptTheOldestGoFirst()
    {
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Drive:VersionsKept"] = "2" });
        using var client = await worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/r.txt", [0])).ShouldBeSuccess();
        for (byte i = 1; i <= 4; i++)
            (await client.ReplaceAsync("/r.txt", Enumerable.Repeat(i, i + 1).ToArray())).ShouldBeSuccess();

        var versions = await client.VersionsAsync("/r.txt");
        versions.Select(v => v["size_bytes"]!.GetValue<long>()).ShouldBe([4L, 3L]);
        (await client.QuotaAsync()).Used.ShouldBe(5 + 4 + 3);
        await worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after pruning");
    }

    [Fact]
    public async Task TheTrashKeepsVersionsAndDeleteForeverFreesThem()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/r.txt", First)).ShouldBeSuccess();
        (await client.ReplaceAsync("/r.txt", Second)).ShouldBeSuccess();
        var trashed = await client.TrashAsync("/r.txt");
        trashed.ShouldBeSuccess();
        trashed.Body["item"]!["size_bytes"]!.GetValue<long>().ShouldBe(First.Length + Second.Length);
        (await client.RestoreAsync(trashed.Body["item"]!["id"]!.GetValue<string>())).ShouldBeSuccess();
        (await client.VersionsAsync("/r.txt")).Count.ShouldBe(1);

        var again = await client.TrashIdAsync("/r.txt");
        var gone = await client.DeleteForeverAsync(again);

        gone.ShouldBeSuccess();
        gone.Body["freed_bytes"]!.GetValue<long>().ShouldBe(First.Length + Second.Length);
        (await client.QuotaAsync()).Used.ShouldBe(0);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after delete forever");
    }

    [Fact]
    public async Task TheUsageViewSplitsCurrentFilesVersionsAndTrash()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/r.txt", First)).ShouldBeSuccess();
        (await client.ReplaceAsync("/r.txt", Second)).ShouldBeSuccess();
        (await client.CreateFolderAsync("/old")).ShouldBeSuccess();
        (await client.UploadAsync("/old/x.bin", new byte[100])).ShouldBeSuccess();
        (await client.TrashAsync("/old", "folder")).ShouldBeSuccess();

        var usage = await client.GetAsync("/api/user-service/get-usage");

        usage.ShouldBeSuccess();
        usage.Body["current_bytes"]!.GetValue<long>().ShouldBe(Second.Length);
        usage.Body["versions_bytes"]!.GetValue<long>().ShouldBe(First.Length);
        usage.Body["trash_bytes"]!.GetValue<long>().ShouldBe(100);
        usage.Body["used_bytes"]!.GetValue<long>().ShouldBe(First.Length + Second.Length + 100);
    }

    [Fact]
    public async Task BadVersionRequestsAreClear4xx()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/r.txt", First)).ShouldBeSuccess();
        (await client.RestoreVersionAsync("/r.txt", "nope")).ShouldBeError(HttpStatusCode.UnprocessableEntity, "version_id");
        (await client.DeleteVersionAsync("/r.txt", "0123456789abcdef01234567")).ShouldBeError(HttpStatusCode.NotFound, "no version");
        (await client.ListVersionsAsync("/missing.txt")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.UploadWithAsync("/r.txt", First, onConflict: "rename", ifMatch: "x")).ShouldBeError(HttpStatusCode.UnprocessableEntity, "if_match");
        (await client.PostAsync("/api/fs-service/begin-upload",
            new { fs_entity = DriveCalls.Entity("/r.txt"), file_field = "mere", size_bytes = 1, on_conflict = "overwrite" }))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "on_conflict");
    }

    [Fact]
    public async Task ADirectUploadReplacesAtCompleteUploadAndKeepsAVersion()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var first = (await client.UploadAsync("/r.txt", First)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
        var begun = await client.BeginReplaceAsync("/r.txt", Second, first);

        var completed = await client.CompleteUploadAsync(begun.Id);

        completed.ShouldBeSuccess();
        completed.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/r.txt");
        completed.Body["fs_entity"]!["sha256"]!.GetValue<string>().ShouldBe(Sha256Hex(Second));
        (await client.VersionsAsync("/r.txt")).Single()["version_id"]!.GetValue<string>().ShouldBe(first);
        (await client.QuotaAsync()).Used.ShouldBe(First.Length + Second.Length);
        // Completing again (a client retrying after a lost answer) answers the same file and changes nothing.
        var again = await client.CompleteUploadAsync(begun.Id);
        again.ShouldBeSuccess();
        again.Body["fs_entity"]!.ToJsonString().ShouldBe(completed.Body["fs_entity"]!.ToJsonString());
        (await client.PostAsync("/api/fs-service/upload-status", new { upload_id = begun.Id })).Body["state"]!.GetValue<string>().ShouldBe("ready");
        (await client.VersionsAsync("/r.txt")).Count.ShouldBe(1);
        (await client.QuotaAsync()).Used.ShouldBe(First.Length + Second.Length);
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a direct replace");
    }

    [Fact]
    public async Task ADirectReplaceWhoseFileChangedMeanwhileIs412AndGivesEverythingBack()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var first = (await client.UploadAsync("/r.txt", First)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
        var begun = await client.BeginReplaceAsync("/r.txt", Second, first);
        (await client.ReplaceAsync("/r.txt", [1, 2, 3])).ShouldBeSuccess();

        (await client.CompleteUploadAsync(begun.Id)).ShouldBeError(HttpStatusCode.PreconditionFailed, "changed meanwhile");

        (await client.QuotaAsync()).Used.ShouldBe(First.Length + 3);
        (await client.PostAsync("/api/fs-service/begin-upload",
            new { fs_entity = DriveCalls.Entity("/free.txt"), file_field = "mere", size_bytes = 3, on_conflict = "replace", if_match = first }))
            .ShouldBeError(HttpStatusCode.PreconditionFailed, "no file");
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a refused direct replace");
    }

    [Fact]
    public async Task AFolderDeletedForGoodWhileAReplacementLandsInItIsFreedWholeAndTheQuotaDoesNotDrift()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();
        (await client.CreateFolderAsync("/d")).ShouldBeSuccess();
        var first = (await client.UploadAsync("/d/r.txt", First)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
        var begun = await client.BeginReplaceAsync("/d/r.txt", Second, first);
        var entries = stack.Worker.Get<TinyCloud.Shared.Drive.EntryStore>();
        var upload = (await entries.FindByIdAsync(MongoDB.Bson.ObjectId.Parse(begun.Id), default))!;
        var pending = stack.Worker.Get<TinyCloud.Shared.Uploads.PendingUploads>();
        var token = (await pending.TryTakeForLandingAsync(upload, default)).ShouldNotBeNull();
        // The completion's swap lands (done here as it does it)...
        var sealedBlob = stack.Worker.Get<TinyCloud.Shared.Drive.BlobFiles>().NewBlobName(userId);
        await stack.Worker.Get<Azure.Storage.Blobs.BlobContainerClient>().GetBlobClient(sealedBlob).UploadAsync(BinaryData.FromBytes(Second));
        (await stack.Worker.Get<TinyCloud.Shared.Versions.FileVersions>().ReplaceAsync(userId, upload.ReplacesId!.Value,
            new TinyCloud.Shared.Drive.EntryStore.Content(upload.Id, sealedBlob, Second.Length, null, Sha256Hex(Second), "text/plain", default),
            null, default)).File.ShouldNotBeNull();

        // ...then the folder is deleted for good before the completion finishes the landing (which it still owns).
        (await client.DeleteAsync("/d", "folder")).ShouldBeSuccess();
        (await pending.FinishLandingAsync(upload, token, landed: true, Second.Length)).ShouldBeTrue("a removal leaves a landing to its completion");

        (await client.QuotaAsync()).Used.ShouldBe(0, "the new content charged once and freed once with its file");
        await stack.Worker.ShouldBeSoundAsync(userId, "after a removal raced a landing");
    }

    [Fact]
    public async Task ACompletionWhileAnotherStillLandsTheUploadIsToldToAskAgainAndAnAbortThatItIsComplete()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var first = (await client.UploadAsync("/r.txt", First)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
        var begun = await client.BeginReplaceAsync("/r.txt", Second, first);
        // Another completion has taken the upload for landing and has not finished (a stalled database, say).
        var pending = stack.Worker.Get<TinyCloud.Shared.Uploads.PendingUploads>();
        var upload = (await stack.Worker.Get<TinyCloud.Shared.Drive.EntryStore>().FindByIdAsync(MongoDB.Bson.ObjectId.Parse(begun.Id), default))!;
        var token = (await pending.TryTakeForLandingAsync(upload, default)).ShouldNotBeNull();

        (await client.CompleteUploadAsync(begun.Id)).ShouldBeError(HttpStatusCode.Conflict, "ask again shortly");
        (await client.PostAsync("/api/fs-service/abort-upload", new { upload_id = begun.Id })).ShouldBeError(HttpStatusCode.Conflict, "already complete");
        (await client.QuotaAsync()).Used.ShouldBe(First.Length);

        // That completion gives up (its swap failed): the reservation goes back and the upload is no more.
        (await pending.FinishLandingAsync(upload, token, landed: false, 0)).ShouldBeTrue();
        (await client.CompleteUploadAsync(begun.Id)).ShouldBeError(HttpStatusCode.NotFound);
        (await client.VersionsAsync("/r.txt")).ShouldBeEmpty();
        (await client.QuotaAsync()).ShouldBe((First.Length, (await client.QuotaAsync()).Available));
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after a landing given up");
    }

    [Fact]
    public async Task ACompletionWaitingOnALandingThatFailsAnswersWhyItFailed()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var first = (await client.UploadAsync("/r.txt", First)).Body["fs_entity"]!["version_id"]!.GetValue<string>();
        var entries = stack.Worker.Get<TinyCloud.Shared.Drive.EntryStore>();
        var (pending, uploads) = (stack.Worker.Get<TinyCloud.Shared.Uploads.PendingUploads>(), stack.Worker.Get<TinyCloud.Shared.Uploads.FileUploads>());

        // A completion waits on another that has taken the upload (with if_match); the file changes; that landing fails.
        var stale = await client.BeginReplaceAsync("/r.txt", Second, first);
        var upload = (await entries.FindByIdAsync(MongoDB.Bson.ObjectId.Parse(stale.Id), default))!;
        var token = (await pending.TryTakeForLandingAsync(upload, default)).ShouldNotBeNull();
        var waiting = uploads.CompleteAsync((await entries.FindByIdAsync(upload.Id, default))!, null, default);
        (await client.ReplaceAsync("/r.txt", Third)).ShouldBeSuccess();
        (await pending.FinishLandingAsync(upload, token, landed: false, 0)).ShouldBeTrue();

        (await waiting).Problem.ShouldBe(TinyCloud.Shared.Uploads.CompleteProblem.PreconditionFailed, "as the landing answered it, not 'gone'");
        (await client.QuotaAsync()).Used.ShouldBe(First.Length + Third.Length);

        // Again without if_match, and the file goes to the trash meanwhile.
        var orphaned = await client.BeginReplaceAsync("/r.txt", Second);
        upload = (await entries.FindByIdAsync(MongoDB.Bson.ObjectId.Parse(orphaned.Id), default))!;
        token = (await pending.TryTakeForLandingAsync(upload, default)).ShouldNotBeNull();
        waiting = uploads.CompleteAsync((await entries.FindByIdAsync(upload.Id, default))!, null, default);
        (await client.TrashAsync("/r.txt")).ShouldBeSuccess();
        (await pending.FinishLandingAsync(upload, token, landed: false, 0)).ShouldBeTrue();

        (await waiting).Problem.ShouldBe(TinyCloud.Shared.Uploads.CompleteProblem.ReplacedFileGone);
        (await client.CompleteUploadAsync(orphaned.Id)).ShouldBeError(HttpStatusCode.NotFound, "no such upload");
        (await client.QuotaAsync()).Used.ShouldBe(First.Length + Third.Length, "the trashed file and its version, nothing of the uploads");
        await stack.Worker.ShouldBeSoundAsync(await client.UserIdAsync(), "after two landings given up");
    }
}
