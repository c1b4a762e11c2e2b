using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using MongoDB.Bson;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Functions.Activity;

public sealed class ListWebhookDeliveries(WebhookStore webhooks, WebhookDeliveryLog log)
{
    private const int PageSize = 50;

    [Function(nameof(ListWebhookDeliveries)), Allow(Access.User), JsonBody<WebhookIdRequest>]
    [Description("One endpoint's delivery log, newest first: event, attempt, status, latency, error, next attempt.")]
    public async Task<Reply<DeliveriesResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activity-service/list-webhook-deliveries")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<WebhookIdRequest>();
        var user = request.CurrentUser();
        if (await webhooks.FindAsync(user.Id, body.WebhookId, ct) is null)
            return Api.NotFound("You have no webhook with this id.");
        var page = await log.ListAsync(user.Id, body.WebhookId, body.Cursor is { } c ? ObjectId.Parse(c) : null, PageSize + 1, ct);
        var next = page.Count > PageSize ? page[PageSize - 1].Id.ToString() : null;
        return new DeliveriesResponse(page.Take(PageSize).Select(DeliveryView.From).ToList(), next);
    }
}
