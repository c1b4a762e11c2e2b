using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Bench;

/// <summary>
/// Runs each path <c>runs</c> times: through the worker, straight to storage with the SDK, and by direct upload. The
/// paths compared with each other are measured side by side in each round, their order turned round from one round to
/// the next, so a drift of the machine (a node GC in Azurite, a background flush) falls on both sides of a ratio instead
/// of on one. Each file is deleted after its round so Azurite's in-memory store stays small.
/// </summary>
public static class Rounds
{
    /// <summary>Downloads of each kind per round: a download of 256 MB takes a third of a second, one sample is noise.</summary>
    private const int DownloadsPerRound = 5;

    public static async Task<Timings> RunAsync(Transfers transfers, WorkerProcess worker, Backends backends, int runs)
    {
        var timings = new Timings();
        var reset = worker.TryResetPeak();
        for (var run = 0; run < runs; run++)
        {
            var path = $"/worker-{run}.bin";
            var sdkName = $"sdk-{run}";
            Func<Task>[] uploads =
            [
                () => timings.TimeAsync("worker upload", () => transfers.WorkerUploadAsync(path, run)),
                () => timings.TimeAsync("sdk upload", () => transfers.SdkUploadAsync(sdkName, run)),
            ];
            await InTurnAsync(uploads, run);

            Func<Task>[] downloads =
            [
                () => timings.TimeAsync("worker download", () => transfers.WorkerDownloadAsync(path)),
                () => timings.TimeAsync("sas download", () => transfers.SasDownloadAsync(path)),
                () => timings.TimeAsync("sdk download of the worker's blob", () => transfers.SdkDownloadOfWorkerBlobAsync(path)),
                () => timings.TimeAsync("sdk download", () => transfers.SdkDownloadAsync(sdkName)),
                () => timings.TimeAsync("sdk download through the SAS", () => transfers.SdkDownloadThroughSasAsync(path)),
                () => timings.TimeAsync("redirect", () => transfers.RedirectAsync(path)),
            ];
            for (var turn = 0; turn < DownloadsPerRound; turn++)
                await InTurnAsync(downloads, run * DownloadsPerRound + turn);

            await timings.TimeAsync("replace", () => transfers.WorkerUploadAsync(path, run + 100, replace: true));
            var copied = 0;
            var trips = await FolderCopy.CommandsAsync(backends);
            await timings.TimeAsync("copy", async () => copied = await transfers.CopyAsync(path, $"/copy-{run}.bin"));
            timings.Add("copy trips", trips < 0 ? -1 : await FolderCopy.CommandsAsync(backends) - trips);
            timings.Add("copy blobs", copied);
            await transfers.DeleteAsync($"/copy-{run}.bin");
            await transfers.DeleteAsync(path);
            await transfers.SdkDeleteAsync(sdkName);
        }
        timings.Peak("worker path", worker.Memory("VmHWM"), reset);

        reset = worker.TryResetPeak();
        for (var run = 0; run < runs; run++)
        {
            var path = $"/direct-{run}.bin";
            var complete = TimeSpan.Zero;
            await timings.TimeAsync("direct upload", async () => complete = await transfers.DirectUploadAsync(path, run));
            timings.Add("complete-upload", complete.TotalSeconds);
            await transfers.DeleteAsync(path);
        }
        timings.Peak("direct path", worker.Memory("VmHWM"), reset);
        return timings;
    }

    /// <summary>Runs the steps one after another, starting at <paramref name="turn"/> modulo their count.</summary>
    private static async Task InTurnAsync(Func<Task>[] steps, int turn)
    {
        for (var i = 0; i < steps.Length; i++)
            await steps[(turn + i) % steps.Length]();
    }
}
