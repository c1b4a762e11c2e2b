using System.Security.Cryptography;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// What the bit-rot sample read: contents checked and bytes read, hashes that no longer match, blobs that are gone, and
/// files stored before hashes were kept that were hashed for the first time.
/// </summary>
public sealed record BitRotTally(long Checked, long Bytes, long Mismatches, long Missing, long Hashed = 0)
{
    public static readonly BitRotTally None = new(0, 0, 0, 0);
    public long DurationMs { get; init; }
}

/// <summary>
/// Reads a bounded sample of stored files again each run (never-checked first, then the longest unchecked, up to
/// <see cref="CleanupOptions.BitRotBytesPerRun"/>), each with the versions it keeps, and compares their SHA-256 with
/// the one computed when they were stored. A mismatch or a missing blob is reported (summary and an error in the log);
/// nothing is changed but the time of the check. A file stored before hashes were kept is hashed the first time it is
/// sampled and the SHA-256 recorded (checked against the MD5 the worker computed when it stored the file, when it did),
/// on the file and as its blob's metadata, so it is checked, and downloaded through a link, like the others from then on.
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
                tally = file.Sha256 is null ? await FirstHashAsync(file, tally, ct) : await CompareAsync(file, tally, ct);
                await entries.MarkCheckedAsync(file, clock.GetUtcNow().UtcDateTime, ct);
                await budget.SpendAsync(RequestUnits.Writes(file.Sha256 is null ? 2 : 1), ct); // a first hash is written too
            }
        }
        return tally;
    }

    /// <summary>The file's content and the versions it keeps, checked together (the budget may run over by one file's).</summary>
    private async Task<BitRotTally> CompareAsync(EntryDocument file, BitRotTally tally, CancellationToken ct)
    {
        var stores = (file.Versions ?? []).Where(v => v.Sha256 is not null).Select(v => (v.Blob, v.SizeBytes, v.Sha256))
            .Prepend((file.Blob!, file.SizeBytes, file.Sha256));
        foreach (var (blob, size, stored) in stores)
        {
            var actual = (await HashAsync(blob, size, md5Too: false, ct))?.Sha256;
            tally = tally with { Checked = tally.Checked + 1, Bytes = tally.Bytes + size };
            tally = Report(file, blob, actual, stored, tally);
        }
        return tally;
    }

    /// <summary>
    /// A file stored before hashes were kept: its bytes are read once and their SHA-256 becomes the file's. Where the
    /// worker computed the file's MD5 when it stored it (not a direct upload, whose MD5 was the client's), the same read
    /// checks that MD5 first, and a file whose bytes no longer match it is reported and keeps no hash.
    /// </summary>
    private async Task<BitRotTally> FirstHashAsync(EntryDocument file, BitRotTally tally, CancellationToken ct)
    {
        var trusted = file is { DirectUpload: false, Md5.Length: 32 } ? file.Md5.ToLowerInvariant() : null;
        var read = await HashAsync(file.Blob!, file.SizeBytes, md5Too: trusted is not null, ct);
        tally = tally with { Bytes = tally.Bytes + file.SizeBytes };
        if (read is not ({ } sha256, var md5))
            return Report(file, file.Blob!, null, null, tally);
        if (trusted is not null)
        {
            tally = Report(file, file.Blob!, md5, trusted, tally with { Checked = tally.Checked + 1 });
            if (md5 != trusted)
                return tally;
        }
        if (!await entries.AdoptHashAsync(file, sha256, ct))
            return tally;
        try
        {
            await blobs.SetSha256Async(file.Blob!, sha256, ct); // as a file stored now carries it (a link's download shows it)
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Bit-rot check: could not set the SHA-256 on blob {Blob} of entry {EntryId}", file.Blob, file.Id);
        }
        return tally with { Hashed = tally.Hashed + 1 };
    }

    private BitRotTally Report(EntryDocument file, string blob, string? actual, string? stored, BitRotTally tally)
    {
        if (actual is null)
        {
            logger.LogError("Bit-rot check: the blob {Blob} of entry {EntryId} (user {UserId}) is missing", blob, file.Id, file.UserId);
            return tally with { Missing = tally.Missing + 1 };
        }
        if (actual == stored)
            return tally;
        logger.LogError("Bit-rot check: the blob {Blob} of entry {EntryId} (user {UserId}) hashes to {Actual}, not the {Stored} stored",
            blob, file.Id, file.UserId, actual, stored);
        return tally with { Mismatches = tally.Mismatches + 1 };
    }

    /// <summary>
    /// The SHA-256 (and with <paramref name="md5Too"/> the MD5, in the same read) of a blob's bytes, lower-case hex; null
    /// when the blob is gone.
    /// </summary>
    private async Task<(string Sha256, string? Md5)?> HashAsync(string blob, long size, bool md5Too, CancellationToken ct)
    {
        try
        {
            await using var content = size == 0 ? Stream.Null : await blobs.OpenReadAsync(blob, default, ct);
            if (!md5Too)
                return (Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct)), null);
            using var hashing = new HashingLimitStream(content, long.MaxValue - 1);
            await hashing.CopyToAsync(Stream.Null, 1 << 20, ct);
            return (Convert.ToHexStringLower(hashing.Sha256()), Convert.ToHexStringLower(hashing.Md5()));
        }
        catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
        {
            return null;
        }
    }
}
