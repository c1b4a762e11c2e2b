using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Maintenance;

/// <summary>A worker with its own database and container on a <see cref="ShiftedClock"/>, and the admin cleanup call.</summary>
public sealed class CleanupWorker(Worker worker, ShiftedClock clock, string database) : IAsyncDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(60);

    public Worker Worker { get; } = worker;
    public ShiftedClock Clock { get; } = clock;
    public string Database { get; } = database;

    public static async Task<CleanupWorker> StartAsync(
        Stack stack, IDictionary<string, string?>? settings = null, string? database = null)
    {
        var clock = new ShiftedClock();
        database ??= "tinycloud_cleanup_" + Guid.NewGuid().ToString("N")[..8];
        var worker = await stack.StartWorkerAsync(settings, database, clock);
        return new CleanupWorker(worker, clock, database);
    }

    public T Get<T>() where T : notnull => Worker.Get<T>();

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        Clock.Dispose();
    }

    public async Task<(HttpStatusCode Status, JsonNode Body)> RunAsync()
    {
        using var admin = Worker.NewClient();
        admin.Http.DefaultRequestHeaders.Add("X-Admin-Key", Stack.AdminKey);
        return await Client.Read(await admin.Http.PostAsync("/api/admin-service/run-cleanup", null));
    }

    /// <summary>Runs the job and returns its summary, asserting the success envelope on the way.</summary>
    public async Task<JsonNode> RunSuccessfullyAsync()
    {
        var response = await RunAsync();
        response.ShouldBeSuccess();
        return response.Body["summary"]!;
    }
}

public static class SummaryReading
{
    public static long Count(this JsonNode summary, string step) => summary[step]!["count"]!.GetValue<long>();

    public static long Bytes(this JsonNode summary, string step) => summary[step]!["bytes"]!.GetValue<long>();

    public static long Quota(this JsonNode summary, string figure) => summary["quotas"]![figure]!.GetValue<long>();
}
