using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Search;

/// <summary>
/// Gives entries written before search existed their search keys: once at start-up, before the worker serves (storage
/// is not ready until it is done), and again in every TempCleanup run, for entries an older version of the worker
/// still wrote meanwhile (a slot swap, a rolling deploy). Paged by id, with no cursor held between pages; idempotent.
/// </summary>
public sealed class SearchBackfill(EntryStore entries, ILogger<SearchBackfill> logger) : IHasIndexes
{
    private volatile bool _doneAtStartup;

    public async Task EnsureIndexesAsync(CancellationToken ct)
    {
        if (_doneAtStartup)
            return;
        await BackfillAsync(ct);
        _doneAtStartup = true;
    }

    /// <summary>Writes the missing keys; returns how many entries got them.</summary>
    public async Task<long> BackfillAsync(CancellationToken ct)
    {
        long written = 0;
        for (var page = await entries.WithoutSearchKeysAsync(ObjectId.Empty, ct); page.Count > 0;
             page = await entries.WithoutSearchKeysAsync(page[^1].Id, ct))
            written += await entries.WriteSearchKeysAsync(page, ct);
        if (written > 0)
            logger.LogWarning("Search keys written for {Entries} entries that had none", written);
        return written;
    }
}
