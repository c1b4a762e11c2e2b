using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Functions.Activity;

public sealed class SetWebhookEnabled(WebhookStore webhooks)
{
    [Function(nameof(SetWebhookEnabled)), Allow(Access.User), JsonBody<WebhookIdRequest>]
    [Description("Turn a webhook endpoint off, or on again after it was disabled (its failure count starts over).")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activity-service/set-webhook-enabled")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<WebhookIdRequest>();
        if (body.Enabled is not { } enabled)
            return Api.Invalid("enabled", "enabled (true or false) is required.");
        return await webhooks.SetEnabledAsync(request.CurrentUser().Id, body.WebhookId, enabled, ct)
            ? new Done()
            : Api.NotFound("You have no webhook with this id.");
    }
}
