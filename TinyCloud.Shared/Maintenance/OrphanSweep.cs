using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Maintenance;

/// <summary>What the orphan pass removed: committed blobs, and names that only held blocks never committed.</summary>
public sealed record OrphanTally(StepTally Orphans, StepTally Uncommitted);

/// <summary>
/// Step 3: deletes blobs that no entry and no user's avatar refers to, and names that hold only uncommitted blocks
/// (an upload cut off or refused mid-stream), which storage would otherwise keep, uncharged, for a week. Blobs are
/// listed page by page, uncommitted ones included, and each page is checked against MongoDB with one <c>$in</c> query
/// per collection. Only blobs last written before the grace period are judged: a blob still arriving has no entry yet.
/// The listing is a rolling pass: a run whose budget runs out records the listing's continuation and the next resumes it.
/// </summary>
public sealed class OrphanSweep(
    BlobFiles blobs, EntryStore entries, UserStore users, CleanupCursors cursors, IOptions<CleanupOptions> options,
    TimeProvider clock, ILogger<OrphanSweep> logger)
{
    public const int PageSize = 500;
    private const string Pass = "orphan-blobs";

    public async Task<OrphanTally> SweepAsync(CleanupBudget budget, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes);
        var (orphans, uncommitted) = (StepTally.None, StepTally.None);
        var resume = await cursors.PositionAsync(Pass, ct);
        var listing = blobs.Container.GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }, ct);
        string? next = resume; // where to resume: after the last page done
        await foreach (var page in listing.AsPages(resume.Length == 0 ? null : resume, PageSize))
        {
            if (budget.Exhausted)
                break;
            next = page.ContinuationToken;
            var old = page.Values
                .Where(b => BlobNames.IsUserBlob(b.Name) && (b.Properties.LastModified ?? b.Properties.CreatedOn) < cutoff)
                .ToList();
            if (old.Count == 0)
                continue;
            var referenced = await ReferencedAsync(old.Select(b => b.Name).ToList(), ct);
            await budget.SpendAsync(2 * RequestUnits.Query(referenced.Count), ct);
            foreach (var blob in old.Where(b => !referenced.Contains(b.Name)))
            {
                var staged = await UncommittedOnlyBytesAsync(blob, ct);
                if (!await TryDeleteAsync(blob.Name, ct))
                    continue;
                if (staged is { } bytes)
                {
                    logger.LogInformation("Deleted uncommitted blocks of {Blob} ({Bytes} bytes, first put {LastModified:o})",
                        blob.Name, bytes, blob.Properties.LastModified);
                    uncommitted = uncommitted.Add(1, bytes);
                    continue;
                }
                logger.LogInformation("Deleted orphan blob {Blob} ({Bytes} bytes, last modified {LastModified:o})",
                    blob.Name, blob.Properties.ContentLength, blob.Properties.LastModified);
                orphans = orphans.Add(1, blob.Properties.ContentLength ?? 0);
            }
        }
        await cursors.SaveAsync(Pass, budget.Exhausted ? next ?? "" : "", ct);
        return new OrphanTally(orphans, uncommitted);
    }

    /// <summary>The bytes of a name that holds only uncommitted blocks; null for a committed blob.</summary>
    private async Task<long?> UncommittedOnlyBytesAsync(BlobItem blob, CancellationToken ct)
    {
        if (blob.Properties.BlobType is not (BlobType.Block or null) || blob.Properties.ContentLength > 0)
            return null;
        try
        {
            var list = (await blobs.Container.GetBlockBlobClient(blob.Name).GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;
            return list.CommittedBlocks.Any() || !list.UncommittedBlocks.Any() ? null : list.UncommittedBlocks.Sum(b => b.SizeLong);
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return null;
        }
    }

    private async Task<HashSet<string>> ReferencedAsync(List<string> names, CancellationToken ct)
    {
        var files = await entries.FindReferencedBlobsAsync(names, ct);
        var avatars = await users.FindAvatarsAsync(names, ct);
        return files.Concat(avatars).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<bool> TryDeleteAsync(string blob, CancellationToken ct)
    {
        try
        {
            await blobs.DiscardAsync(blob, ct);
            return true;
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Could not delete orphan blob {Blob}; the next run retries", blob);
            return false;
        }
    }
}
