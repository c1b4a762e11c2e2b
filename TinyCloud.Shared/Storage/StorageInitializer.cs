using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Creates indexes and the blob container at start-up and keeps them in place. Every <c>Mongo:UniqueIndexCheckSeconds</c>
/// (5) it lists the indexes of each collection a unique index guards (one cheap <c>listIndexes</c> each, no document
/// read); every <c>Mongo:IndexCheckSeconds</c> (60) it makes every index again (creation is idempotent). A unique index
/// found missing makes its collection unguarded at once (<see cref="StorageReadiness"/>: the routes writing it answer
/// 503, the others keep working) until it is rebuilt; when duplicates written before it was noticed block the rebuild,
/// the store repairs them (<see cref="IHasUniqueIndexes.RepairDuplicatesAsync"/>), each repair is logged and recorded in
/// <c>index_repairs</c>, and the index is built. When a backend is down the worker still starts (requests answer 503,
/// health says which).
/// </summary>
public sealed class StorageInitializer(
    IEnumerable<IHasIndexes> stores,
    BlobContainerClient container,
    StorageReadiness readiness,
    IndexRepairStore repairs,
    IMongoDatabase db,
    TimeProvider clock,
    IOptions<MongoOptions> options,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    /// <summary>Rounds of repair and rebuild in one check (a write admitted just before the refusal may add a duplicate).</summary>
    private const int RepairRounds = 3;

    private readonly IReadOnlyList<IHasIndexes> _stores = [.. stores];
    private DateTimeOffset _lastFullCheck;

    public override async Task StartAsync(CancellationToken ct)
    {
        await CheckAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period());
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!readiness.IsReady || readiness.Unguarded.Count > 0
                || clock.GetUtcNow() - _lastFullCheck >= TimeSpan.FromSeconds(options.Value.IndexCheckSeconds))
                await CheckAsync(stoppingToken);
            else
                await QuickCheckAsync(stoppingToken);
            timer.Period = Period();
        }
    }

    // Sooner while something is missing, so a backend that comes back is usable within seconds.
    private TimeSpan Period() => TimeSpan.FromSeconds(
        readiness.IsReady && readiness.Unguarded.Count == 0 ? options.Value.UniqueIndexCheckSeconds : Math.Min(2, options.Value.UniqueIndexCheckSeconds));

    /// <summary>Each piece is tried on its own, so one refused index does not hold back the container or other stores.</summary>
    private async Task CheckAsync(CancellationToken ct)
    {
        _lastFullCheck = clock.GetUtcNow();
        // The container only matters to the routes that touch bytes, which answer 503 themselves while storage is down.
        await TryAsync("blob container", () => container.CreateIfNotExistsAsync(cancellationToken: ct));
        var ready = true;
        foreach (var store in _stores)
            ready &= store is IHasUniqueIndexes guarded
                ? await EnsureGuardedAsync(guarded, ct)
                : await TryAsync(store.GetType().Name + " indexes", () => store.EnsureIndexesAsync(ct));
        if (ready != readiness.IsReady)
            logger.Log(ready ? LogLevel.Information : LogLevel.Warning, "Storage is {State}",
                ready ? "ready: every index is in place" : "not ready: requests are refused until every index is in place");
        readiness.Set(ready);
    }

    /// <summary>Lists the indexes of each guarded collection; one that lost a unique index is refused writes and rebuilt.</summary>
    private async Task QuickCheckAsync(CancellationToken ct)
    {
        foreach (var store in _stores.OfType<IHasUniqueIndexes>())
        {
            HashSet<string> present;
            try
            {
                present = await IndexNamesAsync(store.Collection, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not list the indexes of {Collection}; checking everything at the next tick", store.Collection);
                _lastFullCheck = DateTimeOffset.MinValue;
                continue;
            }
            if (store.UniqueIndexes.All(present.Contains))
                continue;
            readiness.SetGuarded(store.Collection, false);
            logger.LogWarning("Unique indexes {Missing} of {Collection} are missing: writes to it are refused until they are rebuilt",
                store.UniqueIndexes.Except(present), store.Collection);
            await EnsureGuardedAsync(store, ct);
        }
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

    /// <summary>
    /// Builds a guarded store's indexes, repairing duplicates that block a unique one. False only when MongoDB could not
    /// be reached; an index the server refuses leaves just this collection unguarded.
    /// </summary>
    private async Task<bool> EnsureGuardedAsync(IHasUniqueIndexes store, CancellationToken ct)
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
                if (!await TryAsync(store.GetType().Name + " duplicates", () => RepairAsync(store, ct)))
                    return true;
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

    private async Task<bool> TryAsync(string what, Func<Task> step)
    {
        try
        {
            await step();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not create the {What}; retrying at the next check", what);
            return false;
        }
    }
}
