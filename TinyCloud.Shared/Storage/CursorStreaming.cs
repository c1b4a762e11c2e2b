using System.Runtime.CompilerServices;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

public static class CursorStreaming
{
    /// <summary>Yields a query's documents batch by batch, so large results never sit in one list.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(this IFindFluent<T, T> find, [EnumeratorCancellation] CancellationToken ct)
    {
        using var cursor = await find.ToCursorAsync(ct);
        while (await cursor.MoveNextAsync(ct))
        {
            foreach (var document in cursor.Current)
                yield return document;
        }
    }
}
