using System.Collections.Concurrent;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

public sealed class SchemaStepDocument
{
    public string Id { get; set; } = "";
    public DateTime DoneAt { get; set; }
}

/// <summary>
/// The <c>schema_steps</c> collection: one document per data migration that has run to the end on this database, so a
/// worker starting later (every scale-out and cold start) reads one document instead of scanning every entry again.
/// What an older worker still writes after a step is done (a slot swap, a rolling deploy) is caught by TempCleanup's
/// rolling pass. Unsharded: a handful of documents keyed by the step's name.
/// </summary>
public sealed class SchemaSteps(IMongoDatabase db, TimeProvider clock)
{
    private readonly IMongoCollection<SchemaStepDocument> _steps = db.GetCollection<SchemaStepDocument>("schema_steps");
    private readonly ConcurrentDictionary<string, bool> _doneHere = new();

    /// <summary>
    /// Runs <paramref name="step"/> unless it is recorded done, then records it; once known done, this process does
    /// not even read the record again (the periodic index check calls this every minute).
    /// </summary>
    public async Task RunOnceAsync(string step, Func<CancellationToken, Task> run, CancellationToken ct)
    {
        if (_doneHere.ContainsKey(step))
            return;
        if (!await _steps.Find(s => s.Id == step).AnyAsync(ct))
        {
            await run(ct);
            await _steps.ReplaceOneAsync(s => s.Id == step, new SchemaStepDocument { Id = step, DoneAt = clock.GetUtcNow().UtcDateTime },
                new ReplaceOptions { IsUpsert = true }, ct);
        }
        _doneHere[step] = true;
    }
}
