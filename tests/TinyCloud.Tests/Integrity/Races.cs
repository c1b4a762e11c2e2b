using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Integrity;

/// <summary>Releasing requests together, and the invariants a trial must leave behind.</summary>
public static class Races
{
    public const int Trials = 20;

    /// <summary>Starts every call at once (each waits on one gate) and returns their answers in order.</summary>
    public static async Task<T[]> TogetherAsync<T>(params Func<Task<T>>[] calls)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = calls.Select(async call =>
        {
            await gate.Task;
            return await call();
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(running);
    }

    public static async Task<long> UserIdAsync(this Client client) =>
        (await client.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();

    /// <summary>
    /// The drive is sound and idle (see <see cref="DriveAudit"/>), and storage holds exactly the blobs of its listed
    /// files: nothing charged without being listed, nothing stored without being charged.
    /// </summary>
    public static async Task ShouldBeSoundAsync(this Worker worker, long userId, string trial)
    {
        (await worker.Get<DriveAudit>().CheckAsync(userId, idle: true, default)).ShouldBeEmpty(trial);
        var referenced = new HashSet<string>();
        await foreach (var entry in worker.Get<EntryStore>().AllOfUserAsync(userId, default))
            referenced.UnionWith(entry.AllBlobs);
        var stored = new List<string>();
        var prefix = worker.Get<TinyCloud.Shared.Drive.BlobFiles>().UserPrefix(userId);
        await foreach (var blob in worker.Get<BlobContainerClient>().GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.Uncommitted, prefix, default))
            stored.Add(blob.Name);
        var (actual, expected) = (stored.Order().ToList(), referenced.Order().ToList());
        if (actual.SequenceEqual(expected))
            return;
        // A removal that could not delete blobs says so in the worker's log (they are the orphan sweep's then).
        var leftToSweep = worker.Output.Split('\n').Where(l => l.Contains("did not delete", StringComparison.Ordinal));
        actual.ShouldBe(expected, $"{trial}: blobs in storage vs blobs of entries\n{string.Join('\n', leftToSweep)}");
    }

    public static List<string> Names(this List<JsonNode> layer) => layer.Select(e => e["name"]!.GetValue<string>()).ToList();

    public static void ShouldBeOneOf(this HttpStatusCode status, string because, params HttpStatusCode[] allowed) =>
        allowed.ShouldContain(status, because);
}
