using Microsoft.Net.Http.Headers;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// The headers of every response that carries a user's bytes. Uploaded files are served from the API's own origin,
/// where the a-token cookie lives, so nothing in them may run: the browser must not sniff a type, and the document
/// gets no script, no plugin, no fetch and an opaque origin (<c>sandbox</c>) even if it is opened directly.
/// </summary>
public static class FileHeaders
{
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox";

    /// <summary>Raster images, the only types shown inline: none of them can carry script (SVG can, so it is not here).</summary>
    private static readonly HashSet<string> InlineImages = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
        "image/x-icon", "image/vnd.microsoft.icon",
    };

    public static void LockDown(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }

    public static bool IsInlineImage(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && InlineImages.Contains(parsed.MediaType.Value ?? "");
}
