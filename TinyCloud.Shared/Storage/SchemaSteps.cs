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

    public async Task<bool> IsDoneAsync(string step, CancellationToken ct) =>
        await _steps.Find(s => s.Id == step).AnyAsync(ct);

    public Task MarkDoneAsync(string step, CancellationToken ct) =>
        _steps.ReplaceOneAsync(s => s.Id == step, new SchemaStepDocument { Id = step, DoneAt = clock.GetUtcNow().UtcDateTime },
            new ReplaceOptions { IsUpsert = true }, ct);
}
