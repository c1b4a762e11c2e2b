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

    /// <summary>After an upload of <paramref name="bytes"/> by <paramref name="before"/>: the quota warning, if this one crossed 90 %.</summary>
    public Task QuotaCheckAsync(TinyCloud.Shared.Accounts.UserDocument before, long bytes) =>
        AfterCommit.TryAsync(() => log.QuotaCheckAsync(before, bytes, CancellationToken.None), logger, "check the quota line", before.Id);

    /// <summary>A file made ready by an upload of the caller's: the event, and the quota warning if it crossed 90 %.</summary>
    public async Task UploadedAsync(HttpRequest request, TinyCloud.Shared.Drive.Located file, CancellationToken ct)
    {
        var user = request.CurrentUser();
        await RecordAsync(request, user.Id, ActivityKinds.FileUploaded, ct, path: Where(file));
        await QuotaCheckAsync(user, file.Entry.SizeBytes);
    }

    /// <summary>
    /// A file's content replaced by the caller (a replacing upload, a version restored): the event, and the quota warning
    /// if the content it added crossed 90 % (the content it replaced is kept as a version, so usage grows).
    /// </summary>
    public async Task ReplacedAsync(HttpRequest request, TinyCloud.Shared.Drive.Located file, long addedBytes, CancellationToken ct, string? detail = null)
    {
        var user = request.CurrentUser();
        await RecordAsync(request, user.Id, ActivityKinds.FileReplaced, ct, path: Where(file), detail: detail);
        await QuotaCheckAsync(user, addedBytes);
    }

    /// <summary>A file or folder copied by the caller: the event at the copy, naming its source, and the quota warning.</summary>
    public async Task CopiedAsync(HttpRequest request, TinyCloud.Shared.Drive.Located source, TinyCloud.Shared.Drive.Located copy, long bytes, CancellationToken ct)
    {
        var user = request.CurrentUser();
        await RecordAsync(request, user.Id, ActivityKinds.FileCopied, ct, path: Where(copy), detail: "copy of " + Where(source));
        await QuotaCheckAsync(user, bytes);
    }

    /// <summary>How an event names an entry: field and path, e.g. <c>mere:/docs/a.txt</c>.</summary>
    public static string Where(TinyCloud.Shared.Drive.Located entry) => $"{entry.Field}:{entry.Path}";

    /// <summary>Something a visitor did through a public link: the event goes to the link's owner.</summary>
    public Task LinkAsync(HttpRequest request, TinyCloud.Shared.Sharing.SharedEntry link, string kind, CancellationToken ct, string? detail = null) =>
        RecordAsync(request, link.Share.UserId, kind, ct, Where(link.Target), link.Share.HashedLink, detail);

    /// <summary>A file dropped into an upload-only link; its owner's quota line checked as for any upload.</summary>
    public async Task ReceivedAsync(HttpRequest request, TinyCloud.Shared.Sharing.SharedEntry link, string? name, long bytes, CancellationToken ct)
    {
        await LinkAsync(request, link, ActivityKinds.LinkFileReceived, ct, $"{name} ({bytes} bytes)");
        if (link.Owner is { } owner)
            await QuotaCheckAsync(owner, bytes);
    }
}
