using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Maintenance;

/// <summary>
/// A worker with a database and container of its own, for tests that count what TempCleanup did over the whole
/// database. The worker lives in real time; the job runs in this process over the same stores, on <see cref="Clock"/>,
/// which the test moves on (<see cref="Worker.Get{T}"/> builds the app's services on it).
/// </summary>
public sealed class CleanupWorker(Worker worker, ShiftedClock clock, string database) : IAsyncDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(60);

    public Worker Worker { get; } = worker;
    /// <summary>The clock of the job and of every service <see cref="Get{T}"/> hands out; the worker's is the real one.</summary>
    public ShiftedClock Clock { get; } = clock;
    public string Database { get; } = database;

    public static async Task<CleanupWorker> StartAsync(Stack stack, IDictionary<string, string?>? settings = null)
    {
        var clock = new ShiftedClock();
        var database = "tinycloud_cleanup_" + Guid.NewGuid().ToString("N")[..8];
        return new CleanupWorker(await stack.StartWorkerAsync(settings, database, clock), clock, database);
    }

    public T Get<T>() where T : notnull => Worker.Get<T>();

    /// <summary>Runs TempCleanup here, at <see cref="Clock"/>'s time, and returns its summary.</summary>
    public async Task<CleanupSummary> RunAsync() =>
        (await Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull("another run holds the cleanup lease");

    /// <summary>Runs TempCleanup through the worker's admin route, in the worker's time.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> RunThroughTheRouteAsync()
    {
        using var admin = Worker.NewClient();
        admin.Http.DefaultRequestHeaders.Add("X-Admin-Key", Stack.AdminKey);
        return await Client.Read(await admin.Http.PostAsync("/api/admin-service/run-cleanup", null));
    }

    public ValueTask DisposeAsync() => Worker.DisposeAsync();
}
