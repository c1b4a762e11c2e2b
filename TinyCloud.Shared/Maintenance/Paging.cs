using System.Runtime.CompilerServices;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Reads a collection a page at a time by key — each page one query of <c>key &gt; last key seen</c>, sorted by that key —
/// so no cursor stays open between pages (Cosmos DB limits a request to 60 s and vCore a cursor to 10 minutes), and
/// charges each page to the run's <see cref="CleanupBudget"/>, stopping once it is spent.
/// </summary>
public static class Paging
{
    public static async IAsyncEnumerable<List<T>> ByKeyAsync<T, TKey>(
        TKey start, Func<TKey, CancellationToken, Task<List<T>>> page, Func<T, TKey> keyOf, CleanupBudget budget,
        [EnumeratorCancellation] CancellationToken ct)
    {
        for (var after = start; !budget.Exhausted;)
        {
            var items = await page(after, ct);
            await budget.SpendAsync(RequestUnits.Query(items.Count), ct);
            if (items.Count == 0)
                yield break;
            yield return items;
            after = keyOf(items[^1]);
        }
    }
}
