using System.Diagnostics;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.TreeBench;

/// <summary>One timed request repeated: its median latency and its round trips to MongoDB (median and maximum).</summary>
public sealed record Measured(string Name, double P50Ms, long RoundTrips, long MaxRoundTrips)
{
    public override string ToString() =>
        $"  {Name,-52} p50 {P50Ms,9:F1} ms   round trips {RoundTrips,5}{(MaxRoundTrips != RoundTrips ? $" (max {MaxRoundTrips})" : "")}";
}

public static class Scenario
{
    public static async Task<Measured> MeasureAsync(string name, RoundTrips trips, int runs, Func<int, Task> request)
    {
        var latencies = new List<double>();
        var counts = new List<long>();
        for (var run = 0; run < runs; run++)
        {
            var before = await trips.CountAsync();
            var clock = Stopwatch.StartNew();
            await request(run);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            counts.Add(await trips.CountAsync() - before);
        }
        return new Measured(name, latencies.Order().ElementAt(runs / 2), counts.Order().ElementAt(runs / 2), counts.Max());
    }

    public static async Task UntilHealthyAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while ((await http.GetAsync("/api/health")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The worker did not become healthy within 15 minutes.");
            await Task.Delay(500);
        }
    }

    public static async Task ShouldSucceedAsync(this Task<(System.Net.HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body)> call)
    {
        var (status, body) = await call;
        if (status != System.Net.HttpStatusCode.OK)
            throw new InvalidOperationException($"{status}: {body.ToJsonString()}");
    }
}
