using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Drive;

/// <summary>Where a search page ended: the last entry looked at, in result order (folded name, then id).</summary>
public sealed record SearchPosition(string Fold, ObjectId Id);

/// <summary>Search by name: every query word a prefix of one of the entry's <see cref="EntryDocument.NameKeys"/>.</summary>
public sealed partial class EntryStore
{
    /// <summary>Above any Unicode scalar a name can hold (U+10FFFF is a noncharacter, refused in names): a prefix's upper bound.</summary>
    private const string AboveAll = "\U0010FFFF";

    private static readonly SortDefinition<EntryDocument> SearchOrder =
        Builders<EntryDocument>.Sort.Ascending(e => e.UserId).Ascending(e => e.NameFold).Ascending(e => e.Id);

    private static IEnumerable<CreateIndexModel<EntryDocument>> SearchIndexes =>
    [
        // A word prefix is a range on this multikey index: each entry is indexed once per key of its name.
        new(Builders<EntryDocument>.IndexKeys.Ascending(e => e.UserId).Ascending(e => e.NameKeys),
            new CreateIndexOptions { Name = "user_name_keys" }),
        // Exactly the fields of SearchOrder, in its order (Cosmos DB sorts only along such an index).
        new(Builders<EntryDocument>.IndexKeys.Ascending(e => e.UserId).Ascending(e => e.NameFold).Ascending(e => e.Id),
            new CreateIndexOptions { Name = "user_name_fold_id" }),
    ];

    /// <summary>
    /// Ready, unclaimed entries of a user matching every term, in result order after <paramref name="after"/>, at most
    /// <paramref name="take"/>. Whether they are still attached to the tree is for the caller to check.
    /// </summary>
    public async Task<List<EntryDocument>> SearchAsync(
        long userId, IReadOnlyList<string> terms, SearchPosition? after, int take, CancellationToken ct)
    {
        var filter = Filter.Eq(e => e.UserId, userId) & Visible;
        foreach (var term in terms)
            filter &= new BsonDocument("name_keys", new BsonDocument("$elemMatch",
                new BsonDocument { { "$gte", term }, { "$lt", term + AboveAll } }));
        if (after is not null)
            filter &= Filter.Gt(e => e.NameFold, after.Fold)
                | Filter.Eq(e => e.NameFold, after.Fold) & Filter.Gt(e => e.Id, after.Id);
        return await _entries.Find(filter).Sort(SearchOrder).Limit(take).ToListAsync(ct);
    }

    /// <summary>The update that renames an entry: its name and what search reads from it, always together.</summary>
    public static UpdateDefinition<EntryDocument> NameUpdate(string name) =>
        Update.Set(e => e.Name, name).Set(e => e.NameFold, SearchText.Fold(name)).Set(e => e.NameKeys, SearchText.Keys(name));

    /// <summary>Entries written before search existed (no folded name), in id order after <paramref name="after"/>, a page at a time.</summary>
    public async Task<List<EntryDocument>> WithoutSearchKeysAsync(ObjectId after, CancellationToken ct) =>
        await _entries.Find(Filter.Gt(e => e.Id, after) & Filter.Eq(e => e.NameFold, null))
            .Project<EntryDocument>(Builders<EntryDocument>.Projection.Include(e => e.UserId).Include(e => e.Name))
            .SortBy(e => e.Id).Limit(BatchSize).ToListAsync(ct);

    /// <summary>Writes the search keys of these entries, each only if its name is still the one read (a rename writes its own).</summary>
    public async Task<long> WriteSearchKeysAsync(IReadOnlyCollection<EntryDocument> page, CancellationToken ct) =>
        page.Count == 0 ? 0 : (await _entries.BulkWriteAsync(page.Select(e => new UpdateOneModel<EntryDocument>(
                Filter.Eq(x => x.UserId, e.UserId) & Filter.Eq(x => x.Id, e.Id) & Filter.Eq(x => x.Name, e.Name)
                    & Filter.Eq(x => x.NameFold, null),
                NameUpdate(e.Name))), new BulkWriteOptions { IsOrdered = false }, ct)).ModifiedCount;
}
