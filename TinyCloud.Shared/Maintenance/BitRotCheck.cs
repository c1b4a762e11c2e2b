using System.Security.Cryptography;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Maintenance;

/// <summary>What the bit-rot sample read: files and bytes checked, hashes that no longer match, blobs that are gone.</summary>
public sealed record BitRotTally(long Checked, long Bytes, long Mismatches, long Missing)
{
    public static readonly BitRotTally None = new(0, 0, 0, 0);
    public long DurationMs { get; init; }
}

/// <summary>
/// Reads a bounded sample of stored files again each run (never-checked first, then the longest unchecked, up to
/// <see cref="CleanupOptions.BitRotBytesPerRun"/>), each with the versions it keeps, and compares their SHA-256 with
/// the one computed when they were stored (files stored before hashes were kept have none, and are not sampled). A mismatch or a missing blob is reported (summary and an error in the log); nothing is changed but the time
/// of the check.
/// </summary>
public sealed class BitRotCheck(EntryStore entries, BlobFiles blobs, IOptions<CleanupOptions> options, TimeProvider clock, ILogger<BitRotCheck> logger)
{
    private const int Batch = 50;

    public async Task<BitRotTally> CheckAsync(CleanupBudget budget, CancellationToken ct)
    {
        var tally = BitRotTally.None;
        var seen = new HashSet<MongoDB.Bson.ObjectId>();
        while (tally.Bytes < options.Value.BitRotBytesPerRun && !budget.Exhausted)
        {
            var files = (await entries.NextToCheckAsync(Batch, ct)).Where(f => seen.Add(f.Id)).ToList();
            await budget.SpendAsync(RequestUnits.Query(files.Count), ct);
            if (files.Count == 0)
                break;
            foreach (var file in files)
            {
                if (tally.Bytes >= options.Value.BitRotBytesPerRun)
                    break;
                // The file's content and the versions it keeps, checked together (the budget may run over by one file's).
                var stores = (file.Versions ?? []).Where(v => v.Sha256 is not null).Select(v => (v.Blob, v.SizeBytes, v.Sha256))
                    .Prepend((file.Blob!, file.SizeBytes, file.Sha256));
                foreach (var (blob, size, stored) in stores)
                {
                    var actual = await HashAsync(blob, size, ct);
                    tally = tally with { Checked = tally.Checked + 1, Bytes = tally.Bytes + size };
                    if (actual is null)
                    {
                        tally = tally with { Missing = tally.Missing + 1 };
                        logger.LogError("Bit-rot check: the blob {Blob} of entry {EntryId} (user {UserId}) is missing", blob, file.Id, file.UserId);
                    }
                    else if (actual != stored)
                    {
                        tally = tally with { Mismatches = tally.Mismatches + 1 };
                        logger.LogError("Bit-rot check: the blob {Blob} of entry {EntryId} (user {UserId}) hashes to {Actual}, not the {Stored} stored",
                            blob, file.Id, file.UserId, actual, stored);
                    }
                }
                await entries.MarkCheckedAsync(file, clock.GetUtcNow().UtcDateTime, ct);
                await budget.SpendAsync(RequestUnits.Writes(1), ct);
            }
        }
        return tally;
    }

    /// <summary>The SHA-256 (hex) of a blob's bytes, read as a stream; null when it is gone.</summary>
    private async Task<string?> HashAsync(string blob, long size, CancellationToken ct)
    {
        if (size == 0)
            return Convert.ToHexStringLower(SHA256.HashData([]));
        try
        {
            await using var content = await blobs.OpenReadAsync(blob, default, ct);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return null;
        }
    }
}
