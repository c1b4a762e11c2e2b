using TinyCloud.Functions.Http;
using TinyCloud.Shared.Activity;

namespace TinyCloud.Functions.Activity;

/// <summary>Records an event of the request it is in: the caller's address and user agent come with every event.</summary>
public sealed class ActivityRecorder(ActivityLog log, ClientAddress address)
{
    public Task RecordAsync(HttpRequest request, long userId, string kind, CancellationToken ct,
        string? path = null, string? link = null, string? detail = null) =>
        log.RecordAsync(userId, kind, new ActivityDetails(link, path, address.Of(request),
            Sessions.DeviceLabel(request.Headers.UserAgent.ToString()), detail), ct);
}
