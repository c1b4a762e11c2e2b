using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 3: deletes blobs that no entry and no user's avatar refers to. Blobs are listed page by page and each page
/// is checked against MongoDB with one <c>$in</c> query per collection. Only blobs last written before the grace
/// period are judged: a blob that is still arriving has no entry yet.
/// </summary>
public sealed partial class OrphanSweep(
    BlobFiles blobs, EntryStore entries, UserStore users, IOptions<CleanupOptions> options, TimeProvider clock,
    ILogger<OrphanSweep> logger)
{
    public const int PageSize = 500;

    public async Task<StepTally> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes);
        var tally = StepTally.None;
        await foreach (var page in blobs.Container.GetBlobsAsync(new GetBlobsOptions(), ct).AsPages(pageSizeHint: PageSize))
        {
            var old = page.Values
                .Where(b => UserBlobName().IsMatch(b.Name) && (b.Properties.LastModified ?? b.Properties.CreatedOn) < cutoff)
                .ToList();
            if (old.Count == 0)
                continue;
            var referenced = await ReferencedAsync(old.Select(b => b.Name).ToList(), ct);
            foreach (var blob in old.Where(b => !referenced.Contains(b.Name)))
            {
                if (!await TryDeleteAsync(blob.Name, ct))
                    continue;
                logger.LogInformation("Deleted orphan blob {Blob} ({Bytes} bytes, last modified {LastModified:o})",
                    blob.Name, blob.Properties.ContentLength, blob.Properties.LastModified);
                tally = tally.Add(1, blob.Properties.ContentLength ?? 0);
            }
        }
        return tally;
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
            await blobs.DeleteAsync(blob, ct);
            return true;
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Could not delete orphan blob {Blob}; the next run retries", blob);
            return false;
        }
    }

    /// <summary>The only names this sweep judges: user bytes and avatars, <c>{user_id}/...</c>.</summary>
    [GeneratedRegex(@"^\d+/")]
    private static partial Regex UserBlobName();
}
