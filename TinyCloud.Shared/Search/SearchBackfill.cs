using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Search;

/// <summary>
/// Gives entries written before search existed their search keys: once per database, at the start-up of the first
/// worker that has search, before it serves (storage is not ready until it is done), then recorded in
/// <see cref="SchemaSteps"/>. Entries an older version of the worker still writes meanwhile (a slot swap, a rolling
/// deploy) get theirs from TempCleanup's rolling tree-repair pass. Paged by id, with no cursor held between pages; idempotent.
/// </summary>
public sealed class SearchBackfill(EntryStore entries, SchemaSteps steps, ILogger<SearchBackfill> logger) : IHasIndexes
{
    public const string Step = "search-keys";

    public Task EnsureIndexesAsync(CancellationToken ct) => steps.RunOnceAsync(Step, BackfillAsync, ct);

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
