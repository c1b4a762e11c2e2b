using MongoDB.Driver;

namespace TinyCloud.Shared.Activity;

/// <summary>
/// At most one mail per link per period (<c>link_mail</c>): the first event of a quiet link is mailed at once, later
/// ones wait for one summary mail at the end of the period, scheduled once as a delayed queue message.
/// </summary>
public sealed class LinkMailWindows(IMongoDatabase db, TimeProvider clock)
{
    private readonly IMongoCollection<LinkMailWindow> _windows = db.GetCollection<LinkMailWindow>("link_mail");

    /// <summary>Now: mail at once. A delay: schedule the summary that far off. Null: one is scheduled already.</summary>
    public async Task<TimeSpan?> TakeAsync(long userId, string link, string kind, TimeSpan period, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = $"{userId}:{link}:{kind}";
        try
        {
            // A free window: this mail goes now and closes it for the period.
            await _windows.FindOneAndUpdateAsync<LinkMailWindow>(w => w.Id == id && w.NextMailAt <= now,
                Builders<LinkMailWindow>.Update.Set(w => w.NextMailAt, now + period).Set(w => w.LastMailAt, now).Set(w => w.SummaryDue, false),
                new FindOneAndUpdateOptions<LinkMailWindow> { IsUpsert = true }, ct);
            return TimeSpan.Zero;
        }
        catch (MongoCommandException ex) when (ex.Code == 11000) { }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey) { }
        // The window is closed: the first event to find it so schedules the summary.
        var closed = await _windows.FindOneAndUpdateAsync<LinkMailWindow>(w => w.Id == id && !w.SummaryDue,
            Builders<LinkMailWindow>.Update.Set(w => w.SummaryDue, true), cancellationToken: ct);
        return closed is null ? null : closed.NextMailAt - now;
    }

    public Task DeleteForUserAsync(long userId, CancellationToken ct) => _windows.DeleteManyAsync(
        Builders<LinkMailWindow>.Filter.Regex(w => w.Id, new MongoDB.Bson.BsonRegularExpression($"^{userId}:")), ct);

    /// <summary>
    /// The summary is being sent: the window starts over; returns the window as it was (when the last mail went), or
    /// null when no summary was due (sent already).
    /// </summary>
    public async Task<LinkMailWindow?> SummarySentAsync(long userId, string link, string kind, TimeSpan period, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await _windows.FindOneAndUpdateAsync<LinkMailWindow>(w => w.Id == $"{userId}:{link}:{kind}" && w.SummaryDue,
            Builders<LinkMailWindow>.Update.Set(w => w.SummaryDue, false).Set(w => w.NextMailAt, now + period).Set(w => w.LastMailAt, now),
            cancellationToken: ct);
    }
}

public sealed class LinkMailWindow
{
    public string Id { get; set; } = "";
    public DateTime NextMailAt { get; set; }
    public DateTime LastMailAt { get; set; }
    public bool SummaryDue { get; set; }
}
