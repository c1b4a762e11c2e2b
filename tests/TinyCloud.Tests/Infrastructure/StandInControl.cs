using MongoDB.Bson;
using MongoDB.Driver;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// The Mongo stand-in's own commands (tests/mongo-standin/README.md): arm <c>standinThrottleNext</c> and read the
/// request-unit meter (<c>standinRuMeter</c>, cosmos-ru profile only). Both are scoped to one database.
/// </summary>
public sealed class StandInControl(string connectionString) : IDisposable
{
    private readonly MongoClient _client = new(connectionString);

    /// <summary>
    /// After <paramref name="skip"/> matching commands, the next <paramref name="count"/> matching ones answer 16500
    /// without running. Matching: one of <paramref name="commands"/> (default: any) on <paramref name="collection"/>
    /// (default: any). With <paramref name="opIndex"/>, a batch's ops before it apply and op <paramref name="opIndex"/>
    /// gets a writeError 16500 instead (only batches with more ops than that match).
    /// </summary>
    public Task ThrottleNextAsync(string database, int count, IEnumerable<string>? commands = null,
        string? collection = null, int skip = 0, int? opIndex = null, int retryAfterMs = 5, CancellationToken ct = default)
    {
        var command = new BsonDocument { { "standinThrottleNext", count }, { "skip", skip }, { "retryAfterMs", retryAfterMs } };
        if (commands is not null)
            command["commands"] = new BsonArray(commands);
        if (collection is not null)
            command["collection"] = collection;
        if (opIndex is not null)
            command["opIndex"] = opIndex.Value;
        return RunAsync(database, command, ct);
    }

    /// <summary>Disarms <see cref="ThrottleNextAsync"/> for the database.</summary>
    public Task ClearThrottleAsync(string database, CancellationToken ct = default) =>
        RunAsync(database, new BsonDocument("standinThrottleNext", 0), ct);

    /// <summary>The request units the database's commands cost so far; <paramref name="reset"/> zeroes them after reading.</summary>
    public async Task<RuMeter> RuMeterAsync(string database, bool reset = false, CancellationToken ct = default)
    {
        var reply = await RunAsync(database, new BsonDocument { { "standinRuMeter", 1 }, { "reset", reset } }, ct);
        var commands = reply["commands"].AsBsonDocument.ToDictionary(e => e.Name, e => new CommandCharge(
            e.Value["count"].ToInt64(), e.Value["requestCharge"].ToDouble(), e.Value["throttled"].ToInt64()));
        var unindexed = reply.GetValue("unindexed", new BsonDocument()).AsBsonDocument.ToDictionary(e => e.Name, e => e.Value.ToInt64());
        return new RuMeter(reply["requestCharge"].ToDouble(), reply["requests"].ToInt64(), reply["throttled"].ToInt64(), commands, unindexed);
    }

    private Task<BsonDocument> RunAsync(string database, BsonDocument command, CancellationToken ct) =>
        _client.GetDatabase(database).RunCommandAsync<BsonDocument>(command, cancellationToken: ct);

    public void Dispose() => _client.Dispose();
}

/// <summary>A database's request units: the total, the number of requests, how many were throttled, and per command name.</summary>
/// <summary><paramref name="Unindexed"/>: "collection: fields" of the queries no index served, and how many there were.</summary>
public sealed record RuMeter(double RequestCharge, long Requests, long Throttled, IReadOnlyDictionary<string, CommandCharge> Commands,
    IReadOnlyDictionary<string, long> Unindexed);

public sealed record CommandCharge(long Count, double RequestCharge, long Throttled);
