using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Azure;
using Azure.Storage.Blobs;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class GetUserImg(BlobContainerClient container)
{
    [Function(nameof(GetUserImg)), TokenScope(TokenScopes.FilesRead), Allow(Access.User)]
    [Description("The avatar image (a default picture until one is set).")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/user-service/get-user-img")] HttpRequest request,
        CancellationToken ct)
    {
        request.HttpContext.Response.Headers.CacheControl = "private, no-cache";
        FileHeaders.LockDown(request.HttpContext.Response);
        if (request.CurrentUser().Avatar is { } blobName)
        {
            try
            {
                var download = await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: ct);
                return TypedResults.Stream(download.Value.Content, download.Value.Details.ContentType);
            }
            catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
            {
                // The blob went missing (e.g. swept by cleanup); fall back to the default picture.
            }
        }
        return TypedResults.Text(Avatars.DefaultSvg, "image/svg+xml");
    }
}
