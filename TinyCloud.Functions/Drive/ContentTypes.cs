using Microsoft.AspNetCore.StaticFiles;

namespace TinyCloud.Functions.Drive;

public static class ContentTypes
{
    public const string Fallback = "application/octet-stream";
    private static readonly FileExtensionContentTypeProvider ByExtension = new();

    /// <summary>The part's own Content-Type when it says something specific, else by extension, else octet-stream.</summary>
    public static string Choose(string? declared, string fileName)
    {
        if (!string.IsNullOrWhiteSpace(declared) && declared != Fallback
            && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(declared, out var parsed))
            return parsed.ToString();
        return ByExtension.TryGetContentType(fileName, out var type) ? type : Fallback;
    }
}
