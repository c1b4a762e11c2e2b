using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using MongoDB.Bson;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Trash;

public sealed class ListTrash(TrashListing listing)
{
    [Function(nameof(ListTrash)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<ListTrashRequest>]
    [Description("Your trash, newest first, a page at a time: each entry's original field and path, size (a folder's: what it holds), deletion and purge times.")]
    public async Task<Reply<TrashListResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/trash-service/list-trash")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<ListTrashRequest>();
        ObjectId? before = body.Before is null ? null : ObjectId.Parse(body.Before);
        var page = await listing.PageAsync(request.CurrentUser().Id, before, body.Limit ?? 50, ct);
        return new TrashListResponse(page.Items.Select(TrashItemView.From).ToList(), page.Before?.ToString());
    }
}
