using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Trash;

public sealed class EmptyTrash(TrashBin trash)
{
    [Function(nameof(EmptyTrash)), TokenScope(TokenScopes.FilesWrite), Allow(Access.Verified)]
    [Description("Delete everything in your trash for good; frees the quota it used.")]
    public async Task<Reply<DeleteResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/trash-service/empty-trash")] HttpRequest request,
        CancellationToken ct)
    {
        var removed = await trash.EmptyAsync(request.CurrentUser().Id, CancellationToken.None);
        return new DeleteResponse(removed.Entries, removed.FreedBytes);
    }
}
