using MongoDB.Driver;

namespace TinyCloud.Shared.Maintenance;

/// <summary>Where a rolling pass of TempCleanup stopped, so the next run resumes there.</summary>
public sealed class CleanupCursorDocument
{
    public string Id { get; set; } = "";
    public string After { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
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
}
