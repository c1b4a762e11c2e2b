using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Versions;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Removes file versions older than <see cref="DriveOptions.VersionDays"/> (and any past <see cref="DriveOptions.VersionsKept"/>
/// a replace left behind), through <see cref="FileVersions.PruneAsync"/>: each version is taken out of its file by one
/// conditional update, and only that update frees its bytes and deletes its blob. Files are read a page at a time by id.
/// </summary>
public sealed class VersionPrune(EntryStore entries, FileVersions versions, IOptions<DriveOptions> options, TimeProvider clock,
    ILogger<VersionPrune> logger)
{
    public async Task<StepTally> PruneAsync(CleanupBudget budget, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.VersionDays);
        var tally = StepTally.None;
        await foreach (var page in Paging.ByKeyAsync(ObjectId.Empty, (after, c) => entries.WithVersionsBeforePageAsync(cutoff, after, c),
                           e => e.Id, budget, ct))
            foreach (var file in page)
            {
                var before = file.Versions?.Count ?? 0;
                var freed = await versions.PruneAsync(file, ct);
                tally = tally.Add(before - (file.Versions?.Count ?? 0), freed);
                await budget.SpendAsync(RequestUnits.Writes(1), ct);
            }
        if (tally.Count > 0)
            logger.LogInformation("Pruned {Versions} file versions ({Bytes} bytes) older than {Cutoff:o}", tally.Count, tally.Bytes, cutoff);
        return tally;
    }
}
