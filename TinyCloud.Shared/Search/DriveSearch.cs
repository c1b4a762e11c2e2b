using TinyCloud.Shared.Drive;

namespace TinyCloud.Shared.Search;

/// <summary>One page of matches, each located (field and full path), and where the next page starts (null: the end).</summary>
public sealed record SearchPage(IReadOnlyList<Located> Matches, SearchPosition? Next);

/// <summary>
/// Searches a user's drive by name. Candidates come from the index in result order; the ones not attached to the tree
/// (inside a folder being deleted) or in another field than asked are skipped, and their paths are found for the whole
/// batch at once (one query per level of the deepest, not one per match).
/// </summary>
public sealed class DriveSearch(EntryStore entries, DriveTree tree)
{
    /// <summary>Batches read for one page at most; a page cut short by skipped candidates still carries a cursor.</summary>
    public const int MaxBatches = 4;

    public async Task<SearchPage> SearchAsync(
        long userId, IReadOnlyList<string> terms, string? field, int limit, SearchPosition? after, CancellationToken ct)
    {
        var matches = new List<Located>(limit);
        var take = limit + 1;
        for (var batchNumber = 0; batchNumber < MaxBatches; batchNumber++)
        {
            var batch = await entries.SearchAsync(userId, terms, after, take, ct);
            var located = await tree.LocateManyAsync(batch, ct);
            bool Wanted(EntryDocument e) => located.TryGetValue(e.Id, out var at) && (field is null || at.Field == field);
            for (var i = 0; i < batch.Count; i++)
            {
                if (matches.Count == limit)
                {
                    // Full. Skipped candidates left in this batch need no second look: the cursor may pass them.
                    if (batch.Skip(i).Any(Wanted))
                        return new SearchPage(matches, after);
                    return new SearchPage(matches, batch.Count < take ? null : Position(batch[^1]));
                }
                if (Wanted(batch[i]))
                    matches.Add(located[batch[i].Id]);
                after = Position(batch[i]);
            }
            if (batch.Count < take)
                return new SearchPage(matches, null);
        }
        return new SearchPage(matches, after);
    }

    private static SearchPosition Position(EntryDocument entry) => new(entry.NameFold ?? "", entry.Id);
}
