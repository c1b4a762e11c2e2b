using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Activity;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions.Activity;

/// <summary>
/// Records an event of the request it is in, with the caller's address and user agent. The change it reports is made
/// by then, so a database that refuses the event's write does not turn the request into an error: it is logged.
/// </summary>
public sealed class ActivityRecorder(ActivityLog log, FailureBursts bursts, ClientAddress address, ILogger<ActivityRecorder> logger)
{
    public Task RecordAsync(HttpRequest request, long userId, string kind, CancellationToken ct,
        string? path = null, string? link = null, string? detail = null) =>
        AfterCommit.TryAsync(() => log.RecordAsync(userId, kind, new ActivityDetails(link, path, address.Of(request),
            Sessions.DeviceLabel(request.Headers.UserAgent.ToString()), detail), CancellationToken.None), logger, "record " + kind, userId);

    /// <summary>A wrong password for an existing account: one event for each burst of failures.</summary>
    public async Task SignInFailedAsync(HttpRequest request, long? userId, CancellationToken ct)
    {
        if (userId is { } id && await bursts.FailedAsync(id, ct))
            await RecordAsync(request, id, ActivityKinds.SignInFailures, ct);
    }

    /// <summary>A file made ready by an upload of the caller's (the quota warning, if it crossed 90 %, came from its settle).</summary>
    public Task UploadedAsync(HttpRequest request, TinyCloud.Shared.Drive.Located file, CancellationToken ct) =>
        RecordAsync(request, request.CurrentUser().Id, ActivityKinds.FileUploaded, ct, path: Where(file));

    /// <summary>A file's content replaced by the caller (a replacing upload, a version restored).</summary>
    public Task ReplacedAsync(HttpRequest request, TinyCloud.Shared.Drive.Located file, CancellationToken ct, string? detail = null) =>
        RecordAsync(request, request.CurrentUser().Id, ActivityKinds.FileReplaced, ct, path: Where(file), detail: detail);

    /// <summary>A file or folder copied by the caller: the event at the copy, naming its source.</summary>
    public Task CopiedAsync(HttpRequest request, TinyCloud.Shared.Drive.Located source, TinyCloud.Shared.Drive.Located copy, CancellationToken ct) =>
        RecordAsync(request, request.CurrentUser().Id, ActivityKinds.FileCopied, ct, path: Where(copy), detail: "copy of " + Where(source));

    /// <summary>How an event names an entry: field and path, e.g. <c>mere:/docs/a.txt</c>.</summary>
    public static string Where(TinyCloud.Shared.Drive.Located entry) => $"{entry.Field}:{entry.Path}";

    /// <summary>Something a visitor did through a public link: the event goes to the link's owner.</summary>
    public Task LinkAsync(HttpRequest request, TinyCloud.Shared.Sharing.SharedEntry link, string kind, CancellationToken ct, string? detail = null) =>
        RecordAsync(request, link.Share.UserId, kind, ct, Where(link.Target), link.Share.HashedLink, detail);

    /// <summary>A file dropped into an upload-only link.</summary>
    public Task ReceivedAsync(HttpRequest request, TinyCloud.Shared.Sharing.SharedEntry link, string? name, long bytes, CancellationToken ct) =>
        LinkAsync(request, link, ActivityKinds.LinkFileReceived, ct, $"{name} ({bytes} bytes)");
}
