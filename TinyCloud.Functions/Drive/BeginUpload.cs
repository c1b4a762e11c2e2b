using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Starts a direct upload: reserves size_bytes of quota, claims the path with a pending entry and hands out a SAS URL
/// that may only create and write one new blob, in a staging container made for this upload alone (deleted when it is
/// completed or aborted, which ends the URL). The bytes then go from the client straight to Blob Storage.
/// </summary>
public sealed class BeginUpload(
    DriveTree tree, QuotaStore quota, PendingUploads pending, DirectUploadBlobs uploads, IOptions<DriveOptions> options,
    TimeProvider clock)
{
    /// <summary>How long after its URL expires an upload may still be completed before TempCleanup reclaims it.</summary>
    public static readonly TimeSpan CompletionGrace = TimeSpan.FromMinutes(15);

    [Function(nameof(BeginUpload)), Allow(Access.Verified), JsonBody<BeginUploadRequest>]
    [Description("Begin a direct upload of size_bytes: reserves the quota and returns a write-only SAS URL for the bytes.")]
    public async Task<Reply<BeginUploadResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-service/begin-upload")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<BeginUploadRequest>();
        if (!DriveTarget.TryParse(body.FsEntity, body.FileField, out var target, out var error))
            return error;
        if (target.IsRoot)
            return Api.BadRequest("A file cannot be uploaded as the root.");
        var user = request.CurrentUser();
        var (folder, notFound) = await tree.FolderAsync(user.Id, target.Field, target.Parent, ct, asParent: true);
        if (folder is null)
            return notFound!;
        if (!await quota.TryReserveAsync(user.Id, body.SizeBytes, ct))
            return Api.TooLarge("Not enough free space: the file is larger than what is left of your quota.");

        // Whole seconds, as in the SAS itself, so expires_at is exactly when the URL stops working.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var lifetime = options.Value.DirectUploadLifetime;
        var blob = uploads.NewStagingName(user.Id);
        await uploads.PrepareAsync(blob, ct);
        var reclaimAt = (now + lifetime + CompletionGrace).UtcDateTime;
        var claim = new UploadClaim(user.Id, folder, target.Name, blob, body.SizeBytes, reclaimAt)
        {
            MimeType = ContentTypes.Choose(body.MimeType, target.Name), DirectUpload = true,
        };
        var outcome = ClaimOutcome.NameTaken;
        EntryDocument? entry = null;
        try
        {
            (entry, outcome) = await pending.TryClaimAsync(claim, ct);
        }
        finally
        {
            // A folder deleted meanwhile took the claim's reservation with it; any other failure gives it back here.
            if (outcome == ClaimOutcome.NameTaken)
                await quota.ReleaseAsync(user.Id, body.SizeBytes, CancellationToken.None);
        }
        if (entry is null)
            await uploads.TryDiscardAsync(blob);
        if (outcome == ClaimOutcome.FolderGone)
            return Api.NotFound($"The folder '{target.Parent}' was deleted while the upload began.");
        if (entry is null)
            return Api.Conflict($"'{target.Path}' already exists in {target.Field}.");
        return new BeginUploadResponse(entry.Id.ToString(), uploads.WriteSas(blob, lifetime, now), (now + lifetime).UtcDateTime);
    }
}
