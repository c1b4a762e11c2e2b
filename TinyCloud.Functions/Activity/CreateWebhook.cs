using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Functions.Activity;

public sealed class CreateWebhook(WebhookStore webhooks, WebhookClient client, IOptions<WebhookOptions> options)
{
    [Function(nameof(CreateWebhook)), Allow(Access.Verified), JsonBody<CreateWebhookRequest>]
    [Description("Register an https endpoint for events (at most 5); the answer shows its signing secret, this once.")]
    public async Task<Reply<CreateWebhookResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activity-service/create-webhook")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<CreateWebhookRequest>();
        if (client.Policy.CheckUrl(body.Url) is { } bad)
            return Api.BadRequest(bad);
        // Resolved now too, so an internal target is refused at once; every delivery checks again where it connects.
        var (_, refused) = await client.Policy.ResolveAsync(new Uri(body.Url).IdnHost, ct);
        if (refused is not null)
            return Api.BadRequest(refused);
        var max = options.Value.MaxPerUser;
        if (await webhooks.TryCreateAsync(request.CurrentUser().Id, body.Url, [.. (body.Events ?? []).Distinct()], max, ct) is not { } hook)
            return Api.Conflict($"You have {max} webhooks already: delete one first.");
        return new CreateWebhookResponse(WebhookView.From(hook), hook.Secret);
    }
}
