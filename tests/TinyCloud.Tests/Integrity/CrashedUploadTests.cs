using System.Net;
using System.Net.Sockets;
using System.Text;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Shared.Uploads;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Integrity;

[Collection(Areas.Integrity)]
public sealed class CrashedUploadTests(Stack stack)
{
    private const int Size = 200_000;

    [Fact]
    public async Task AWorkerKilledMidUploadBlocksItsPathsOnlyUntilTheirLeaseLapsesThenAReuploadTakesOverExactlyOnce()
    {
        var shared = new Dictionary<string, string?> { ["Blob:Container"] = "crash" + Guid.NewGuid().ToString("N")[..10] };
        var workers = await stack.StartWorkersAsync(2, shared, "tinycloud_crash_" + Guid.NewGuid().ToString("N")[..8]);
        await using var doomed = workers[0];
        await using var survivor = workers[1];
        using var client = await survivor.NewClient().SignUpAsync();
        var userId = await client.UserIdAsync();

        var trials = Races.Trials + 2; // the last two are left for TempCleanup
        var sockets = new List<TcpClient>();
        for (var i = 0; i < trials; i++)
            sockets.Add(await StartUploadAsync(doomed, client, $"/crash{i}.bin"));
        var entries = survivor.Entries();
        await Eventually.ShouldHoldAsync(async () =>
            (await entries.CountDocumentsAsync(e => e.UserId == userId && e.State == EntryState.Pending)).ShouldBe(trials));
        // Each reserved its Content-Length: the file and the multipart framing around it.
        var reserved = (await entries.Find(e => e.UserId == userId).ToListAsync()).ToDictionary(e => e.Name, e => e.ReservedBytes);
        reserved.Values.ShouldAllBe(r => r > Size);
        await doomed.CrashAsync(); // the worker gave nothing back and stopped renewing its claims
        sockets.ForEach(s => s.Dispose());

        (await client.UploadAsync("/crash0.bin", new byte[Size])).ShouldBeError(HttpStatusCode.Conflict, "already exists");
        await survivor.AgeAsync(userId, PendingUploads.ClaimLease + TimeSpan.FromSeconds(5));

        for (var i = 0; i < Races.Trials; i++)
        {
            var trial = $"trial {i}";
            (await client.UploadAsync($"/crash{i}.bin", new byte[Size])).ShouldBeSuccess();
            var user = (await survivor.Users().Find(u => u.Id == userId).SingleAsync());
            user.UsedBytes.ShouldBe((i + 1L) * Size, trial);
            var stillHeld = Enumerable.Range(i + 1, trials - i - 1).Sum(j => reserved[$"crash{j}.bin"]);
            user.ReservedBytes.ShouldBe(stillHeld, trial + ": each taken-over reservation given back once");
            (await survivor.Get<DriveAudit>().CheckAsync(userId, idle: false, default)).ShouldBeEmpty(trial);
        }

        var summary = (await survivor.Get<CleanupJob>().TryRunAsync(default)).ShouldNotBeNull();
        summary.AbandonedUploads.Count.ShouldBe(2);
        summary.AbandonedUploads.Bytes.ShouldBe(reserved[$"crash{trials - 2}.bin"] + reserved[$"crash{trials - 1}.bin"]);
        (await client.LayerAsync("/")).Count.ShouldBe(Races.Trials);
        await survivor.ShouldBeSoundAsync(userId, "after TempCleanup");
    }

    /// <summary>Sends an upload's headers and half its body, and keeps the connection open.</summary>
    private static async Task<TcpClient> StartUploadAsync(Worker worker, Client client, string path)
    {
        using var form = DriveCalls.UploadForm(path, new byte[Size]);
        var body = await form.ReadAsByteArrayAsync();
        var tcp = new TcpClient();
        await tcp.ConnectAsync(worker.BaseAddress.Host, worker.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/fs-service/upload-file HTTP/1.1\r\nHost: {worker.BaseAddress.Authority}\r\n" +
                   $"Cookie: {client.Cookies.GetCookieHeader(client.Http.BaseAddress!)}\r\n" +
                   $"Content-Type: {form.Headers.ContentType}\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await stream.FlushAsync();
        return tcp;
    }
}
