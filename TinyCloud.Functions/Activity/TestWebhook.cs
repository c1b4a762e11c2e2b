using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Activity;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Functions.Activity;

public sealed class TestWebhook(WebhookStore webhooks, ActivityLog log)
{
    [Function(nameof(TestWebhook)), Allow(Access.User), JsonBody<WebhookIdRequest>]
    [Description("Send a test event (webhook.test) to one endpoint; its deliveries show in list-webhook-deliveries.")]
    public async Task<Reply<TestEventResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activity-service/test-webhook")] HttpRequest request,
        CancellationToken ct)
    {
        var user = request.CurrentUser();
        if (await webhooks.FindAsync(user.Id, request.Body<WebhookIdRequest>().WebhookId, ct) is not { } hook)
            return Api.NotFound("You have no webhook with this id.");
        if (!hook.Enabled)
            return Api.Conflict("This webhook is disabled: enable it first (set-webhook-enabled).");
        var sent = await log.RecordAsync(user.Id, ActivityKinds.WebhookTest, new ActivityDetails(Detail: hook.Url, OnlyWebhook: hook.Id), ct);
        return new TestEventResponse(sent.EventId);
    }
}
