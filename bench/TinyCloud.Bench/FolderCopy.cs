using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Bench;

/// <summary>The copy of a folder of many small files: its time, the MongoDB round trips (counted by the stand-in) and the blobs it added.</summary>
public static class FolderCopy
{
    public sealed record Result(double Seconds, long RoundTrips, int BlobsAdded, int Folders);

    /// <summary>The MongoDB commands the stand-in has served so far (-1 on another server, which does not count them).</summary>
    public static async Task<long> CommandsAsync(Backends backends)
    {
        if (backends.StandIn is null)
            return -1;
        var db = new MongoClient(backends.MongoConnectionString).GetDatabase("tinycloud_bench");
        return (await db.RunCommandAsync<BsonDocument>(new BsonDocument("standinCommandCount", 1)))["count"].ToInt64();
    }

    public static async Task<Result> RunAsync(Client client, Transfers transfers, Backends backends, int files)
    {
        // files = seed × 2^levels: the seed files are uploaded, then each level is a folder holding two copies of the
        // one below (copies share blobs, so this takes seconds where uploading every file took over 20 minutes).
        var levels = 0;
        while (levels < 10 && files % (2 << levels) == 0)
            levels++;
        var seed = files >> levels;
        Console.WriteLine($"Filling a folder with {files} files for the copy ({seed} uploaded, then {levels} levels of copies)...");
        (await client.CreateFolderAsync("/many0")).ShouldBeSuccess();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < seed;)
                (await client.UploadAsync($"/many0/f{i}.bin", [(byte)i, (byte)(i >> 8)])).ShouldBeSuccess();
        }));
        for (var level = 1; level <= levels; level++)
        {
            (await client.CreateFolderAsync($"/many{level}")).ShouldBeSuccess();
            (await client.CopyAsync($"/many{level - 1}", $"/many{level}/a", "folder")).ShouldBeSuccess();
            (await client.CopyAsync($"/many{level - 1}", $"/many{level}/b", "folder")).ShouldBeSuccess();
        }
        var source = $"/many{levels}";
        var before = await CommandsAsync(backends);
        var clock = Stopwatch.StartNew();
        var added = await transfers.CopyAsync(source, "/many-copy", "folder");
        var seconds = clock.Elapsed.TotalSeconds;
        var trips = before < 0 ? -1 : await CommandsAsync(backends) - before;
        return new Result(seconds, trips, added, (2 << levels) - 1);
    }
}
