using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.WebClient;

/// <summary>
/// The web client: its built files under <c>/client/</c>, and its page (index.html) for every other path below
/// <c>/client</c>, so deep links such as <c>/client/s/{user_name}/{hashed_link}</c> load the app. Hashed files under
/// <c>assets/</c> are cached for a year; the page itself is never cached, so a deploy takes effect at once.
/// </summary>
public sealed class ClientApp(IOptions<DriveOptions> drive, BlobContainerClient container)
{
    public const string LongCache = "public, max-age=31536000, immutable";

    [Function(nameof(ClientApp)), WithoutStorage]
    [Description("The web client (single-page app): its assets, and its page for every other path below /client.")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "client/{*path}")] HttpRequest request,
        CancellationToken ct)
    {
        var path = (request.RouteValues["path"] as string ?? "").TrimStart('/');
        var headers = request.HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (path != ClientFiles.Page && ClientFiles.Find(path) is { } file)
        {
            headers.CacheControl = ClientFiles.IsAsset(path) ? LongCache : "no-cache";
            return TypedResults.PhysicalFile(file, ClientFiles.ContentTypeOf(file));
        }
        if (ClientFiles.IsAsset(path))
            return Api.NotFound($"The web client has no file '{path}'.");
        if (await ClientFiles.ReadPageAsync(ct) is not { } page)
            return Api.NotFound("The web client is not part of this build: build the worker with Node.js installed.");

        headers.CacheControl = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ClientFiles.ContentSecurityPolicy(container.Uri);
        // The page learns the upload limit here: larger files go straight to Blob Storage (begin-upload).
        var settings = $"<meta name=\"tc-max-upload-bytes\" content=\"{drive.Value.MaxUploadBytes}\">\n</head>";
        return TypedResults.Content(page.Replace("</head>", settings, StringComparison.Ordinal), "text/html; charset=utf-8");
    }
}
