using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Step 1: removes what in the <c>temporary</c> field was last modified before the retention window — files, and
/// folders whose whole content is that old — through <see cref="EntryRemover"/>, which frees the quota and deletes
/// the blobs (and shares) with them. Pending uploads are left to <see cref="PendingReclaim"/>.
/// </summary>
public sealed class TemporaryPurge(
    EntryStore entries, EntryRemover remover, IOptions<TemporaryOptions> options, TimeProvider clock,
    ILogger<TemporaryPurge> logger)
{
    private static readonly FilterDefinitionBuilder<EntryDocument> Filter = Builders<EntryDocument>.Filter;

    public async Task<StepTally> PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(options.Value.RetentionHours);
        var tally = StepTally.None;

        // Deepest first: every folder inside a folder comes before it, so a removed folder's subtree was already
        // visited and the cursor never hands back an entry removed along with its parent.
        var oldFolders = entries.Collection.Find(Old(cutoff) & Filter.Eq(e => e.Kind, EntryKinds.Folder),
                new FindOptions { BatchSize = EntryStore.BatchSize })
            .SortByDescending(e => e.UserId).ThenByDescending(e => e.Field).ThenByDescending(e => e.Path);
        await foreach (var folder in oldFolders.StreamAsync(ct))
        {
            // An upload landing between this check and the removal loses its pending entry, and its request
            // answers 409; the window is one query long.
            if (!await HasRecentContentAsync(folder, cutoff, ct))
                tally = Add(tally, await remover.RemoveAsync(folder, ct));
        }

        var oldFiles = entries.Collection.Find(Old(cutoff) & Filter.Eq(e => e.Kind, EntryKinds.File)
            & Filter.Eq(e => e.State, EntryStates.Ready), new FindOptions { BatchSize = EntryStore.BatchSize });
        await foreach (var file in oldFiles.StreamAsync(ct))
            tally = Add(tally, await remover.RemoveAsync(file, ct));

        if (tally.Count > 0)
            logger.LogInformation("Purged {Entries} temporary entries ({Bytes} bytes) last modified before {Cutoff:o}",
                tally.Count, tally.Bytes, cutoff);
        return tally;
    }

    private static FilterDefinition<EntryDocument> Old(DateTime cutoff) =>
        Filter.Eq(e => e.Field, FileFields.Temporary) & Filter.Lt(e => e.ModifiedAt, cutoff);

    private async Task<bool> HasRecentContentAsync(EntryDocument folder, DateTime cutoff, CancellationToken ct) =>
        await entries.Collection.Find(Filter.Eq(e => e.UserId, folder.UserId) & Filter.Eq(e => e.Field, folder.Field)
            & Filter.Regex(e => e.Path, new BsonRegularExpression("^" + Regex.Escape(folder.Path) + "/"))
            & Filter.Gte(e => e.ModifiedAt, cutoff)).AnyAsync(ct);

    private static StepTally Add(StepTally tally, Removal removal) => tally.Add(removal.Entries, removal.FreedBytes);
}
