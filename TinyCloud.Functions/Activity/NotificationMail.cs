using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Activity;

namespace TinyCloud.Functions.Activity;

public sealed class NotificationMail(NotificationSettings settings)
{
    [Function("GetNotificationSettings"), Allow(Access.User)]
    [Description("Which event kinds the account is mailed about (security events and the quota warning are on by default).")]
    public async Task<Reply<NotificationSettingsResponse>> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/activity-service/get-notification-settings")] HttpRequest request,
        CancellationToken ct) =>
        new NotificationSettingsResponse(await settings.ForUserAsync(request.CurrentUser().Id, ct));

    [Function("SetNotificationSettings"), Allow(Access.User), JsonBody<NotificationSettingsRequest>]
    [Description("Turn mail about event kinds on or off; link downloads and received files are mailed at most once per link per hour.")]
    public async Task<Reply<NotificationSettingsResponse>> Set(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activity-service/set-notification-settings")] HttpRequest request,
        CancellationToken ct)
    {
        var userId = request.CurrentUser().Id;
        await settings.SetAsync(userId, request.Body<NotificationSettingsRequest>().Mail, ct);
        return new NotificationSettingsResponse(await settings.ForUserAsync(userId, ct));
    }
}
