using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Trash;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Deletes for good what has been in the trash longer than <see cref="TrashOptions.RetentionDays"/>, through
/// <see cref="TrashBin.DeleteForeverAsync"/> (so a restore racing it either wins or finds nothing). Everyone's trash is
/// read in key order, a page at a time, each page asked for afresh after the last key: no cursor is held between pages.
/// </summary>
public sealed class TrashPurge(EntryStore entries, TrashBin trash, IOptions<TrashOptions> options, TimeProvider clock, ILogger<TrashPurge> logger)
{
    public async Task<StepTally> PurgeAsync(CleanupBudget budget, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.RetentionDays);
        var until = ObjectId.GenerateNewId(cutoff);
        var tally = StepTally.None;
        await foreach (var page in Paging.ByKeyAsync(ObjectId.Empty, (after, c) => entries.TrashedBeforeAsync(after, until, c),
                           e => e.Trash!.Key, budget, ct))
        {
            foreach (var entry in page)
                if (await trash.DeleteForeverAsync(entry.UserId, entry.Id, ct) is { } removed)
                {
                    tally = tally.Add(removed.Entries, removed.FreedBytes);
                    await budget.SpendAsync(RequestUnits.Writes(removed.Entries), ct);
                }
        }
        if (tally.Count > 0)
            logger.LogInformation("Purged {Entries} entries ({Bytes} bytes) trashed before {Cutoff:o}", tally.Count, tally.Bytes, cutoff);
        return tally;
    }
}
