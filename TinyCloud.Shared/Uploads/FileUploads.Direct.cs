using MongoDB.Bson;
using Azure.Storage.Blobs.Models;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Versions;

namespace TinyCloud.Shared.Uploads;

/// <summary>
/// Direct uploads: begun with a reservation, a pending entry and a staging container with a write-only SAS for its one
/// blob; completed by copying the committed blob (exactly the declared size, put, not copied) into the files'
/// container, or discarded. Completing again is harmless.
/// </summary>
public sealed partial class FileUploads
{
    /// <summary>How long after its URL expires an upload may still be completed before TempCleanup reclaims it.</summary>
    public static readonly TimeSpan CompletionGrace = TimeSpan.FromMinutes(15);

    public const string FallbackMimeType = "application/octet-stream";

    /// <summary>
    /// Reserves <paramref name="sizeBytes"/> of the user's quota and claims the first free name of <paramref name="names"/>
    /// in <paramref name="folder"/> (root first); an upload through an upload-only link hands its <paramref name="slot"/>
    /// to the pending entry; <paramref name="expectedSha256"/>, the client's SHA-256 of the bytes, is checked at completion.
    /// Whatever fails is given back.
    /// </summary>
    public async Task<BeginOutcome> BeginAsync(
        long userId, IReadOnlyList<EntryDocument> folder, IEnumerable<string> names, long sizeBytes, string mimeType, LinkSlot? slot,
        CancellationToken ct, string? expectedSha256 = null, bool replace = false, string? ifMatch = null)
    {
        if (!await pending.TryReserveAsync(userId, sizeBytes, ct))
            return BeginOutcome.Failed(BeginProblem.OverQuota);

        // Whole seconds, as in the SAS itself, so expires_at is exactly when the URL stops working.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var lifetime = options.Value.DirectUploadLifetimeFor(sizeBytes);
        var blob = staging.NewStagingName(userId);
        var outcome = ClaimOutcome.NameTaken;
        EntryDocument? entry = null;
        try
        {
            await staging.PrepareAsync(blob, ct);
            var claim = new UploadClaim(userId, folder, "", blob, sizeBytes, (now + lifetime + CompletionGrace).UtcDateTime)
            {
                MimeType = mimeType, DirectUpload = true, Slot = slot, ExpectedSha256 = expectedSha256,
            };
            (entry, outcome) = await pending.TryClaimFirstFreeAsync(claim, names, ct);
            // A replace of a taken name claims the right to replace the file there: a pending entry under the file.
            var name = names.First();
            if (replace && outcome == ClaimOutcome.NameTaken && await pending.FindFileAsync(userId, folder, name, ct) is { } file)
                (entry, outcome) = await pending.TryClaimAsync(claim with
                {
                    Folder = [.. folder, file], Name = $"/replacing {ObjectId.GenerateNewId()}", ReplacesId = file.Id, ReplaceIfMatch = ifMatch,
                }, ct);
            if (entry is { ReplacesId: null } && ifMatch is not null)
            {
                await pending.TryAbandonAsync(entry, CancellationToken.None); // gives the reservation back
                (entry, outcome) = (null, ClaimOutcome.Claimed);
                return BeginOutcome.Failed(BeginProblem.NothingToMatch);
            }
        }
        finally
        {
            // A folder deleted meanwhile took the claim's reservation with it; any other failure gives it back here.
            if (outcome == ClaimOutcome.NameTaken)
                await pending.ReleaseAsync(userId, sizeBytes);
            if (entry is null)
                await staging.TryDiscardAsync(blob);
        }
        return entry is null
            ? BeginOutcome.Failed(outcome == ClaimOutcome.FolderGone ? BeginProblem.FolderGone : BeginProblem.NameTaken)
            : new BeginOutcome(entry, staging.WriteSas(blob, lifetime, now), (now + lifetime).UtcDateTime, BeginProblem.None);
    }

    /// <summary>
    /// Completes <paramref name="upload"/> (pending or already completed): the ready file, or why not. With
    /// <paramref name="folder"/>, the chain to the folder it was begun in as just read, the file is found through it.
    /// The sealed bytes are hashed once here (MD5 and SHA-256; a client-set blob MD5 is never trusted, as Azure does not
    /// check it on Put Block List) and checked against the SHA-256 declared at begin-upload and <paramref name="expectedSha256"/>.
    /// </summary>
    public async Task<CompleteOutcome> CompleteAsync(
        EntryDocument upload, IReadOnlyList<EntryDocument>? folder, CancellationToken ct, string? expectedSha256 = null)
    {
        if (upload.State == EntryState.Ready)
            return await ReadyAsync(upload, folder, ct);
        if (upload is { LandingBy: not null, ReplacesId: { } landingOn })
            return await ReplacedElsewhereAsync(upload, landingOn, ct);

        var declared = upload.ReservedBytes;
        var staged = await staging.FindAsync(upload.Blob!, ct);
        if (staged is null)
            return await RejectAsync(upload, CompleteProblem.NothingUploaded, folder);
        if (staged.BlobType != BlobType.Block)
            return await RejectAsync(upload, CompleteProblem.NotBlockBlob, folder);
        if (staged.ContentLength != declared)
            return await RejectAsync(upload, CompleteProblem.WrongSize, folder) with { StagedBytes = staged.ContentLength, DeclaredBytes = declared };
        if (DirectUploadBlobs.WasCopied(staged))
            return await RejectAsync(upload, CompleteProblem.Copied, folder);

        var sealedName = blobs.NewBlobName(upload.UserId);
        var stagingName = upload.Blob!;
        var done = false;
        try
        {
            switch (await staging.SealAsync(stagingName, staged.ETag, sealedName, ct))
            {
                case SealOutcome.Missing:
                    return await RejectAsync(upload, CompleteProblem.Disappeared, folder);
                case SealOutcome.Changed:
                    return CompleteOutcome.Failed(CompleteProblem.WrittenMeanwhile);
            }
            var (md5, sha256) = await staging.ComputeHashesAsync(sealedName, ct);
            var actual = Convert.ToHexStringLower(sha256);
            if (upload.ExpectedSha256 is { } begun && begun != actual || expectedSha256 is { } asked && asked != actual)
                return await RejectAsync(upload, CompleteProblem.DigestMismatch, folder);
            var mimeType = upload.MimeType ?? FallbackMimeType;
            await blobs.SetHeadersAsync(sealedName, mimeType, md5, sha256, ct);
            if (upload.ReplacesId is { } replaced)
            {
                // The new content's id is the upload's: a completion repeated later finds the file by it.
                var (outcome, landed) = await ReplaceAsync(upload, replaced, new EntryStore.Content(upload.Id, sealedName, declared,
                    Convert.ToHexStringLower(md5), actual, mimeType, default), ct);
                done = landed;
                if (done)
                    await staging.TryDiscardAsync(stagingName);
                return outcome with { ByThisCall = landed };
            }
            done = await ready.TryMarkReadyAsync(upload, new FileBytes(sealedName, declared, md5, sha256, mimeType), declared, ct);
            if (!done)
                return await SettledElsewhereAsync(upload, folder, ct);
        }
        catch (UploadOutcomeUnknownException)
        {
            done = true; // the sealed blob may be the ready file's now: kept, and swept as an orphan if it is not
            throw;
        }
        finally
        {
            if (!done)
                await staging.TryDiscardAsync(sealedName);
        }
        await staging.TryDiscardAsync(stagingName);
        return await ReadyAsync(upload, folder, ct) with { ByThisCall = true };
    }

    /// <summary>
    /// The replacing upload's last step: this caller takes the pending entry for landing (a second completion waits for
    /// it, an abort finds it taken), the file takes the sealed content (its present content becomes a version), then the
    /// entry goes and its reservation becomes usage. If the file changed (if_match) or went meanwhile, the reservation is
    /// given back and the sealed blob discarded by the caller. A completion that dies between the take and the end is
    /// finished by TempCleanup once the lease runs out, by what the file shows (<see cref="PendingUploads.LandingLease"/>).
    /// Landed: whether the file took this call's sealed content (a completion that lost the take answers the winner's).
    /// </summary>
    private async Task<(CompleteOutcome Outcome, bool Landed)> ReplaceAsync(
        EntryDocument upload, ObjectId fileId, EntryStore.Content content, CancellationToken ct)
    {
        if (await pending.TryTakeForLandingAsync(upload, ct) is not { } token)
            return (await ReplacedElsewhereAsync(upload, fileId, ct), false);
        VersionOutcome replaced;
        try
        {
            replaced = await versions.ReplaceAsync(upload.UserId, fileId, content, upload.ReplaceIfMatch, ct);
        }
        catch (Exception ex) when (ReadyFiles.Unanswered(ex) && !ct.IsCancellationRequested)
        {
            // The file may hold the sealed blob now: kept (swept as an orphan if not), and the landing left to its lease.
            throw new UploadOutcomeUnknownException(ex);
        }
        if (replaced.File is not { } file)
        {
            await pending.FinishLandingAsync(upload, token, landed: false, 0);
            await staging.TryDiscardAsync(upload.Blob!);
            return (CompleteOutcome.Failed(replaced.Problem == VersionProblem.PreconditionFailed
                ? CompleteProblem.PreconditionFailed : CompleteProblem.ReplacedFileGone), false);
        }
        await pending.FinishLandingAsync(upload, token, landed: true, content.SizeBytes);
        return (await ready.WhereAsync(file, ct) is { } located
            ? new CompleteOutcome(located, CompleteProblem.None)
            : CompleteOutcome.Failed(CompleteProblem.Gone), true);
    }

    /// <summary>How long a completion that finds a replacing upload landing waits for its content to show.</summary>
    private static readonly TimeSpan ReplacePatience = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Another call took this replacing upload's pending entry: a concurrent completion landing its content on the file
    /// (this one waits for it, a few seconds at most, and answers the same file, or asks to be asked again), or an abort
    /// (gone). The content is found as current or, once replaced again, as one of the file's versions. A landing that
    /// failed is answered as that completion answered it, as far as the file shows why: removed (409), changed from the
    /// upload's if_match (412); else gone (404).
    /// </summary>
    private async Task<CompleteOutcome> ReplacedElsewhereAsync(EntryDocument upload, ObjectId fileId, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // The entry first: once it is gone, the file read after it shows how the landing ended.
            var landing = await ready.FindAsync(upload.Id, ct) is { State: EntryState.Pending, LandingBy: not null };
            var file = await ready.FindAsync(fileId, ct) is { } found && found.UserId == upload.UserId ? found : null;
            if (file is not { IsVisible: true })
                return CompleteOutcome.Failed(file?.HoldsContent(upload.Id) == true ? CompleteProblem.Gone : CompleteProblem.ReplacedFileGone);
            if (file.HoldsContent(upload.Id))
                return await ready.WhereAsync(file, ct) is { } located
                    ? new CompleteOutcome(located, CompleteProblem.None)
                    : CompleteOutcome.Failed(CompleteProblem.Gone);
            if (!landing)
                return CompleteOutcome.Failed(upload.ReplaceIfMatch is { } ifMatch && !FileVersions.Matches(file, ifMatch)
                    ? CompleteProblem.PreconditionFailed : CompleteProblem.Gone);
            if (clock.Elapsed >= ReplacePatience)
                return CompleteOutcome.Failed(CompleteProblem.StillCompleting);
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    /// <summary>
    /// Whether <paramref name="upload"/>, just begun through link <paramref name="shareId"/>, is one too many: with it, more
    /// than <paramref name="limit"/> of the link's uploads are open; the one too many is given up here. Counted after the
    /// claim, all of them: of begins racing for the last place, the last one inserted sees every other, so the limit
    /// holds (a racer may be turned away that could have fit, never one let in past the limit).
    /// </summary>
    public async Task<bool> GiveUpIfTooManyOpenAsync(EntryDocument upload, ObjectId shareId, int limit, CancellationToken ct)
    {
        if (await pending.OpenAsync(shareId, limit + 1, ct) <= limit)
            return false;
        await AbortAsync(upload);
        return true;
    }

    /// <summary>
    /// Gives up a pending direct upload: its entry, its staging container, its reservation and the link file it holds.
    /// </summary>
    public async Task<AbortOutcome> AbortAsync(EntryDocument upload)
    {
        if (upload.State == EntryState.Pending && await pending.TryAbandonAsync(upload, CancellationToken.None))
        {
            await staging.TryDiscardAsync(upload.Blob!);
            return AbortOutcome.Aborted;
        }
        // Ready, or a replacing upload whose completion is landing it.
        return (upload.State == EntryState.Ready ? upload : await ready.FindAsync(upload.Id, CancellationToken.None)) is { State: EntryState.Ready } or { LandingBy: not null }
            ? AbortOutcome.AlreadyComplete
            : AbortOutcome.Gone;
    }

    /// <summary>The upload cannot become the declared file: the entry, the blob, the reservation and any link file all go.</summary>
    private async Task<CompleteOutcome> RejectAsync(EntryDocument upload, CompleteProblem problem, IReadOnlyList<EntryDocument>? folder)
    {
        if (!await pending.TryAbandonAsync(upload, CancellationToken.None))
            return await SettledElsewhereAsync(upload, folder, CancellationToken.None);
        await staging.TryDiscardAsync(upload.Blob!);
        return CompleteOutcome.Failed(problem);
    }

    /// <summary>Another call got there first: a concurrent completion (then this one succeeds too), or an abort.</summary>
    private async Task<CompleteOutcome> SettledElsewhereAsync(EntryDocument upload, IReadOnlyList<EntryDocument>? folder, CancellationToken ct) =>
        upload.ReplacesId is { } fileId
            ? await ReplacedElsewhereAsync(upload, fileId, ct)
            : await ready.FindAsync(upload.Id, ct) is { State: EntryState.Ready } done
                ? await ReadyAsync(done, folder, ct)
                : CompleteOutcome.Failed(CompleteProblem.Gone);

    /// <summary>The completed file where it is now; if its folder was deleted while it was uploaded, it goes too.</summary>
    private async Task<CompleteOutcome> ReadyAsync(EntryDocument file, IReadOnlyList<EntryDocument>? folder, CancellationToken ct) =>
        await ready.LocateAsync(file, folder, ct) is { } located
            ? new CompleteOutcome(located, CompleteProblem.None)
            : CompleteOutcome.Failed(CompleteProblem.Gone);
}
