using System.Globalization;
using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Maintenance;

/// <summary>Where a rolling pass of TempCleanup stopped, so the next run resumes there.</summary>
public sealed class CleanupCursorDocument
{
    public string Id { get; set; } = "";
    public string After { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The key a rolling pass pages by: where a pass starts, and how its position is saved and read back.</summary>
public sealed record CursorKey<TKey>(TKey Start, Func<TKey, string> Format, Func<string, TKey?> Parse) where TKey : struct;

public static class CursorKeys
{
    public static readonly CursorKey<ObjectId> ObjectIds = new(ObjectId.Empty, id => id.ToString(), s => ObjectId.TryParse(s, out var id) ? id : null);

    public static readonly CursorKey<long> Longs =
        new(0, id => id.ToString(CultureInfo.InvariantCulture), s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null);
}

/// <summary>
/// The <c>cleanup_cursors</c> collection: one small document per rolling pass (tree repair, temporary purge, orphan
/// blobs, quota audit). A pass that a run's budget cut short records its position; one that reached the end records
/// the start again. Unsharded: a handful of documents written once per run.
/// </summary>
public sealed class CleanupCursors(IMongoDatabase db, TimeProvider clock)
{
    private readonly IMongoCollection<CleanupCursorDocument> _cursors = db.GetCollection<CleanupCursorDocument>("cleanup_cursors");

    /// <summary>The position a pass stopped at; empty for the start.</summary>
    public async Task<string> PositionAsync(string pass, CancellationToken ct) =>
        await _cursors.Find(c => c.Id == pass).Project(c => c.After).FirstOrDefaultAsync(ct) ?? "";

    public Task SaveAsync(string pass, string after, CancellationToken ct) =>
        _cursors.ReplaceOneAsync(c => c.Id == pass,
            new CleanupCursorDocument { Id = pass, After = after, UpdatedAt = clock.GetUtcNow().UtcDateTime },
            new ReplaceOptions { IsUpsert = true }, ct);

    /// <summary>
    /// The pages of a rolling pass, from where the previous run stopped. Cut short by the budget, the pass saves the
    /// last page done and the next run resumes after it; reaching the end, it saves the start again.
    /// </summary>
    public async IAsyncEnumerable<List<T>> RollingAsync<T, TKey>(
        string pass, CursorKey<TKey> key, Func<TKey, CancellationToken, Task<List<T>>> page, Func<T, TKey> keyOf,
        CleanupBudget budget, [EnumeratorCancellation] CancellationToken ct) where TKey : struct
    {
        var start = key.Parse(await PositionAsync(pass, ct)) ?? key.Start;
        var last = start;
        await foreach (var items in Paging.ByKeyAsync(start, page, keyOf, budget, ct))
        {
            yield return items;
            last = keyOf(items[^1]);
        }
        await SaveAsync(pass, budget.Exhausted ? key.Format(last) : "", ct);
    }
}
