using System.Net;
using System.Text.Json.Nodes;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>The sharing routes as one-line calls, for tests.</summary>
public static class ShareCalls
{
    public static Task<(HttpStatusCode Status, JsonNode Body)> ShareAsync(
        this Client client, string path, string baseType = "file", string field = "mere", double? expiresInHours = null, long? maxDownloads = null) =>
        client.PostAsync("/api/shared-service/make-shared", new
        {
            fs_entity = DriveCalls.Entity(path, baseType), file_field = field, expires_in_hours = expiresInHours, max_downloads = maxDownloads,
        });

    /// <summary>Shares and returns the new hashed_link.</summary>
    public static async Task<string> LinkAsync(
        this Client client, string path, string baseType = "file", double? expiresInHours = null, long? maxDownloads = null)
    {
        var shared = await client.ShareAsync(path, baseType, expiresInHours: expiresInHours, maxDownloads: maxDownloads);
        shared.ShouldBeSuccess();
        return shared.Body["hashed_link"]!.GetValue<string>();
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> UnshareAsync(this Client client, string path, string baseType = "file", string field = "mere") =>
        client.PostAsync("/api/shared-service/make-unshared", new { fs_entity = DriveCalls.Entity(path, baseType), file_field = field });

    public static Task<(HttpStatusCode Status, JsonNode Body)> RemindAsync(this Client client, string path, string baseType = "file", string field = "mere") =>
        client.PostAsync("/api/shared-service/remind-hashed-link", new { fs_entity = DriveCalls.Entity(path, baseType), file_field = field });

    public static async Task<List<JsonNode>> ListSharedAsync(this Client client)
    {
        var response = await client.GetAsync("/api/shared-service/list-shared");
        response.ShouldBeSuccess();
        return response.Body["shared"]!.AsArray().Select(n => n!).ToList();
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> SharedInfoAsync(this Client client, string userName, string link, string prefix = "shared") =>
        client.GetAsync($"/{prefix}/{userName}/{link}");

    public static Task<HttpResponseMessage> SharedFileAsync(this Client client, string userName, string link, string prefix = "shared") =>
        client.Http.GetAsync($"/{prefix}/{userName}/{link}/file");

    /// <summary>A client with no cookies and no credentials, as a stranger's browser would fetch a SAS URL.</summary>
    public static HttpClient Stranger(bool followRedirects = false) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = followRedirects });
}
