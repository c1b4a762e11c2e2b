using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Functions.Activity;

public sealed class ListWebhooks(WebhookStore webhooks)
{
    [Function(nameof(ListWebhooks)), Allow(Access.User)]
    [Description("The account's webhook endpoints: URL, event filter, enabled, failures in a row; never their secrets.")]
    public async Task<Reply<WebhooksResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/activity-service/list-webhooks")] HttpRequest request,
        CancellationToken ct) =>
        new WebhooksResponse((await webhooks.ListAsync(request.CurrentUser().Id, ct)).Select(WebhookView.From).ToList());
}
