using Microsoft.AspNetCore.StaticFiles;

namespace TinyCloud.Functions.WebClient;

/// <summary>The client's built files, which the build copies into <c>client/</c> next to the worker.</summary>
public static class ClientFiles
{
    public const string Page = "index.html";
    private const string AssetsFolder = "assets/";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "client");

    public static bool IsAsset(string path) => path.StartsWith(AssetsFolder, StringComparison.Ordinal);

    /// <summary>The full path of a file inside <see cref="Root"/>, or null when there is none (or it would escape).</summary>
    public static string? Find(string path)
    {
        if (path.Length == 0 || path.Contains('\\') || path.Split('/').Any(segment => segment is "" or "." or ".."))
            return null;
        var full = Path.GetFullPath(Path.Combine(Root, path));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    public static async Task<string?> ReadPageAsync(CancellationToken ct)
    {
        var page = Path.Combine(Root, Page);
        return File.Exists(page) ? await File.ReadAllTextAsync(page, ct) : null;
    }

    public static string ContentTypeOf(string file) =>
        ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream";

    /// <summary>Only the client's own files run; it talks to this origin and, for direct uploads, to Blob Storage.</summary>
    public static string ContentSecurityPolicy(Uri blobStorage) =>
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; " +
        $"connect-src 'self' {blobStorage.GetLeftPart(UriPartial.Authority)}; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";
}
