using System.Text.Json.Nodes;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Activity;

public static class ActivityCalls
{
    /// <summary>list-activity with <paramref name="filter"/> (snake_case keys), asserted a success; the events, newest first.</summary>
    public static async Task<List<JsonNode>> ActivityAsync(this Client client, object? filter = null)
    {
        var listed = await client.PostAsync("/api/activity-service/list-activity", filter ?? new { });
        listed.ShouldBeSuccess();
        return listed.Body["events"]!.AsArray().Select(e => e!).ToList();
    }

    public static IEnumerable<string> Kinds(this IEnumerable<JsonNode> events) => events.Select(e => e["kind"]!.GetValue<string>());

    /// <summary>Waits until every event of the user was dispatched (fanned out by the queue trigger).</summary>
    public static Task DispatchedAsync(Worker worker, long userId) => Eventually.ShouldHoldAsync(async () =>
    {
        var pending = await worker.Get<IMongoDatabase>().GetCollection<BsonDocument>("activity")
            .CountDocumentsAsync(new BsonDocument { ["user_id"] = userId, ["pending"] = true });
        pending.ShouldBe(0);
    });
}
