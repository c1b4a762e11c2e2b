using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Bench;

/// <summary>
/// Runs each path <c>runs</c> times: through the worker, straight to storage with the SDK, and by direct upload. Each
/// file is deleted after its round so Azurite's in-memory store stays small.
/// </summary>
public static class Rounds
{
    public static async Task<Timings> RunAsync(Transfers transfers, WorkerProcess worker, Backends backends, int runs)
    {
        var timings = new Timings();
        var reset = worker.TryResetPeak();
        for (var run = 0; run < runs; run++)
        {
            var path = $"/worker-{run}.bin";
            await timings.TimeAsync("worker upload", () => transfers.WorkerUploadAsync(path, run));
            await timings.TimeAsync("worker download", () => transfers.WorkerDownloadAsync(path));
            await timings.TimeAsync("sas download", () => transfers.SasDownloadAsync(path));
            await timings.TimeAsync("sdk download of the worker's blob", transfers.SdkDownloadOfWorkerBlobAsync);
            await timings.TimeAsync("replace", () => transfers.WorkerUploadAsync(path, run + 100, replace: true));
            var copied = 0;
            var trips = await FolderCopy.CommandsAsync(backends);
            await timings.TimeAsync("copy", async () => copied = await transfers.CopyAsync(path, $"/copy-{run}.bin"));
            timings.Add("copy trips", trips < 0 ? -1 : await FolderCopy.CommandsAsync(backends) - trips);
            timings.Add("copy blobs", copied);
            await transfers.DeleteAsync($"/copy-{run}.bin");
            await transfers.DeleteAsync(path);
        }
        timings.Peak("worker path", worker.Memory("VmHWM"), reset);

        for (var run = 0; run < runs; run++)
        {
            var name = $"sdk-{run}";
            await timings.TimeAsync("sdk upload", () => transfers.SdkUploadAsync(name, run));
            await timings.TimeAsync("sdk download", () => transfers.SdkDownloadAsync(name));
            await transfers.SdkDeleteAsync(name);
        }

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
}
