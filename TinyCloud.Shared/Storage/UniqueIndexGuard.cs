using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Keeps the unique indexes of one store's collection in place for <see cref="StorageInitializer"/>: notices one
/// missing (a <c>listIndexes</c>, no document read), makes the collection unguarded at once
/// (<see cref="StorageReadiness"/>: its writes answer 503), repairs the duplicates that block the rebuild
/// (<see cref="IHasUniqueIndexes.RepairDuplicatesAsync"/>, each logged and recorded in <c>index_repairs</c>) and builds it.
/// </summary>
public sealed class UniqueIndexGuard(
    StorageReadiness readiness, IndexRepairStore repairs, IMongoDatabase db, TimeProvider clock, ILogger<UniqueIndexGuard> logger)
{
    /// <summary>Rounds of repair and rebuild in one check (a write admitted just before the refusal may add a duplicate).</summary>
    private const int RepairRounds = 3;

    /// <summary>Whether every unique index of the store's collection is listed; throws when MongoDB cannot be reached.</summary>
    public async Task<bool> AllPresentAsync(IHasUniqueIndexes store, CancellationToken ct)
    {
        var present = await IndexNamesAsync(store.Collection, ct);
        if (store.UniqueIndexes.All(present.Contains))
            return true;
        readiness.SetGuarded(store.Collection, false);
        logger.LogWarning("Unique indexes {Missing} of {Collection} are missing: writes to it are refused until they are rebuilt",
            store.UniqueIndexes.Except(present), store.Collection);
        return false;
    }

    /// <summary>
    /// Builds a store's indexes, repairing duplicates that block a unique one. False only when MongoDB could not be
    /// reached; an index the server refuses leaves just this collection unguarded.
    /// </summary>
    public async Task<bool> EnsureAsync(IHasUniqueIndexes store, CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                await store.EnsureIndexesAsync(ct);
                if (!readiness.IsGuarded(store.Collection))
                    logger.LogWarning("The unique indexes of {Collection} are in place again: writes to it are accepted", store.Collection);
                readiness.SetGuarded(store.Collection, true);
                return true;
            }
            catch (MongoException ex) when (ex.IsDuplicateKey() && round <= RepairRounds)
            {
                readiness.SetGuarded(store.Collection, false);
                logger.LogWarning("Duplicates block a unique index of {Collection}: repairing them (round {Round})", store.Collection, round);
                if (!await TryRepairAsync(store, ct))
                    return true; // still unguarded: the next check tries again
            }
            catch (MongoServerException ex)
            {
                readiness.SetGuarded(store.Collection, false);
                logger.LogWarning(ex, "Could not create the {What}; writes to {Collection} are refused until it can",
                    store.GetType().Name + " indexes", store.Collection);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not create the {What}; retrying at the next check", store.GetType().Name + " indexes");
                return false;
            }
        }
    }

    private async Task<bool> TryRepairAsync(IHasUniqueIndexes store, CancellationToken ct)
    {
        try
        {
            await RepairAsync(store, ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not repair the duplicates of {Collection}; retrying at the next check", store.Collection);
            return false;
        }
    }

    private async Task RepairAsync(IHasUniqueIndexes store, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var done = await store.RepairDuplicatesAsync(now, ct);
        foreach (var repair in done)
            logger.LogWarning("Index repair in {Collection} ({Index}), user {UserId}: kept {Kept}, changed {Changed}'s {Field} " +
                "from {From} to {To}", repair.Collection, repair.Index, repair.UserId, repair.Kept, repair.Changed, repair.Field,
                repair.From, repair.To);
        if (done.Count > 0)
            await repairs.RecordAsync(done, now, ct);
    }

    private async Task<HashSet<string>> IndexNamesAsync(string collection, CancellationToken ct)
    {
        try
        {
            var indexes = await (await db.GetCollection<BsonDocument>(collection).Indexes.ListAsync(ct)).ToListAsync(ct);
            return indexes.Select(i => i["name"].AsString).ToHashSet();
        }
        catch (MongoCommandException ex) when (ex.Code == 26) // NamespaceNotFound: the collection itself is gone
        {
            return [];
        }
    }
}
