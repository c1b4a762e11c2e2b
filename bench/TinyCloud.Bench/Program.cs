using Azure.Storage.Blobs;
using TinyCloud.Bench;
using TinyCloud.Tests.Infrastructure;

// Throughput of one file moved through the worker, straight to storage with the SDK, and by direct upload.
// Usage: bench/run.sh [size MB = 256] [runs = 3] [direct-upload block concurrency = 4]. Here 1 MB = 2^20 bytes.
var sizeMb = args.Length > 0 ? int.Parse(args[0]) : 256;
var runs = args.Length > 1 ? int.Parse(args[1]) : 3;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 4;
var folderFiles = args.Length > 3 ? int.Parse(args[3]) : 10_000;

Console.WriteLine("Starting Azurite, MongoDB and the worker under the Functions host...");
await using var backends = await Backends.StartAsync();
await using var worker = await WorkerProcess.StartAsync(backends, maxUploadMb: sizeMb + 1);
using var client = new Client(worker.BaseAddress);
client.Http.Timeout = TimeSpan.FromMinutes(10);
await client.SignUpAsync();
var sdk = new BlobServiceClient(backends.BlobConnectionString).GetBlobContainerClient("bench-sdk");
await sdk.CreateIfNotExistsAsync();
var idle = worker.Memory("VmRSS");

Console.WriteLine("Warming up (16 MB through every path)...");
var files = new BlobServiceClient(backends.BlobConnectionString).GetBlobContainerClient("bench");
await Rounds.RunAsync(new Transfers(client, sdk, files, 16L << 20, concurrency), worker, backends, runs: 1);
Console.WriteLine($"Measuring ({runs} runs of {sizeMb} MB through every path)...");
var t = await Rounds.RunAsync(new Transfers(client, sdk, files, (long)sizeMb << 20, concurrency), worker, backends, runs);
var folder = await FolderCopy.RunAsync(client, new Transfers(client, sdk, files, 0, concurrency), backends, folderFiles);

double Rate(string name) => sizeMb / t.Median(name);
Console.WriteLine($"""

    Tiny Cloud benchmark: a {sizeMb} MB file, median of {runs} runs ({t.Count("sas download")} of each download, taken in turn with the others), Release build
    worker under the Functions host emulator (host pid {worker.HostPid}, worker pid {worker.WorkerPid}); Azurite in memory; MongoDB: {backends.MongoKind}; {Environment.ProcessorCount} CPUs

    issue 3: through the worker vs straight to storage with the SDK
      upload    upload-file (worker)            {Rate("worker upload"),8:F1} MB/s
      upload    BlobClient.UploadAsync (SDK)    {Rate("sdk upload"),8:F1} MB/s   worker/SDK = {Rate("worker upload") / Rate("sdk upload"):F2}
      download  download-file (worker)          {Rate("worker download"),8:F1} MB/s
      download  DownloadStreamingAsync (SDK)    {Rate("sdk download"),8:F1} MB/s   worker/SDK = {Rate("worker download") / Rate("sdk download"):F2}
      memory idle: {idle}
      memory peak: {t.Peak("worker path")}

    issue 4: direct upload (begin-upload, 8 MB blocks through the SAS {concurrency} at a time, complete-upload) vs the SDK
      upload    direct upload                   {Rate("direct upload"),8:F1} MB/s   direct/SDK = {Rate("direct upload") / Rate("sdk upload"):F2}
                of which complete-upload        {t.Median("complete-upload"),8:F2} s (seal copy + MD5 and SHA-256 of {sizeMb} MB by the service)
      memory peak: {t.Peak("direct path")}

    issue 25: hashing, the SAS download path, replace and copy
      upload    upload-file with SHA-256        worker/SDK = {Rate("worker upload") / Rate("sdk upload"):F2}
      download  download-redirect (302 to SAS)  {Rate("sas download"),8:F1} MB/s   SAS/SDK = {Rate("sas download") / Rate("sdk download"):F2}
                of which the 302 alone          {t.Median("redirect") * 1000,8:F1} ms
      download  the SDK, the same blob as SAS   {Rate("sdk download of the worker's blob"),8:F1} MB/s   SAS/SDK on that blob = {Rate("sas download") / Rate("sdk download of the worker's blob"):F2}
      download  that blob, the SDK, a bare SAS  {Rate("sdk download through the SAS"),8:F1} MB/s   storage's SAS read/key read = {Rate("sdk download through the SAS") / Rate("sdk download of the worker's blob"):F2}
      download  POST download-file (streamed)   {Rate("worker download"),8:F1} MB/s   worker/SDK = {Rate("worker download") / Rate("sdk download"):F2}
      replace   upload-file on_conflict=replace {t.Median("replace"),8:F2} s   replace/first upload = {t.Median("replace") / t.Median("worker upload"):F2}
      copy      copy-entity of the {sizeMb} MB file  {t.Median("copy") * 1000,8:F1} ms   MongoDB round trips: {t.Median("copy trips"):F0}   blobs added: {t.Median("copy blobs"):F0}
      copy      a folder of {folderFiles} files ({folder.Folders} folders)  {folder.Seconds * 1000,8:F1} ms   MongoDB round trips: {folder.RoundTrips}   blobs added: {folder.BlobsAdded}
    """);
