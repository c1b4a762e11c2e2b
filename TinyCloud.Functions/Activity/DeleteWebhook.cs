using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Functions.Activity;

public sealed class DeleteWebhook(WebhookStore webhooks)
{
    [Function(nameof(DeleteWebhook)), Allow(Access.User), JsonBody<WebhookIdRequest>]
    [Description("Delete a webhook endpoint: nothing more is sent to it, retries included.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activity-service/delete-webhook")] HttpRequest request,
        CancellationToken ct) =>
        await webhooks.DeleteAsync(request.CurrentUser().Id, request.Body<WebhookIdRequest>().WebhookId, ct)
            ? new Done()
            : Api.NotFound("You have no webhook with this id.");
}
