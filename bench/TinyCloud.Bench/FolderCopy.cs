using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Bench;

/// <summary>The copy of a folder of many small files: its time, the MongoDB round trips (counted by the stand-in) and the blobs it added.</summary>
public static class FolderCopy
{
    public sealed record Result(double Seconds, long RoundTrips, int BlobsAdded);

    public static async Task<Result> RunAsync(Client client, Transfers transfers, Backends backends, int files)
    {
        Console.WriteLine($"Filling a folder with {files} files for the copy...");
        (await client.CreateFolderAsync("/many")).ShouldBeSuccess();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < files;)
                (await client.UploadAsync($"/many/f{i}.bin", [(byte)i, (byte)(i >> 8)])).ShouldBeSuccess();
        }));
        var db = new MongoClient(backends.MongoConnectionString).GetDatabase("tinycloud_bench");
        async Task<long> CommandsAsync()
        {
            if (backends.StandIn is null)
                return -1;
            return (await db.RunCommandAsync<BsonDocument>(new BsonDocument("standinCommandCount", 1)))["count"].ToInt64();
        }
        var before = await CommandsAsync();
        var clock = Stopwatch.StartNew();
        var added = await transfers.CopyAsync("/many", "/many-copy", "folder");
        var seconds = clock.Elapsed.TotalSeconds;
        var trips = before < 0 ? -1 : await CommandsAsync() - before;
        return new Result(seconds, trips, added);
    }
}
