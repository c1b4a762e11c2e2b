using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Activity;

namespace TinyCloud.Functions.Activity;

public sealed class ListActivity(ActivityStore store)
{
    [Function(nameof(ListActivity)), Allow(Access.User), JsonBody<ListActivityRequest>]
    [Description("The account's activity log, newest first: filter by kinds, from/to and link; page with next_cursor.")]
    public async Task<Reply<ActivityResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activity-service/list-activity")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<ListActivityRequest>();
        var page = await store.ListAsync(new ActivityQuery(request.CurrentUser().Id, body.Kinds, body.From, body.To, body.Link, body.Cursor,
            body.Limit ?? 50), ct);
        return new ActivityResponse(page.Events.Select(ActivityView.From).ToList(), page.Next);
    }
}
