using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>Protected and upload-only links as one-line calls, for tests.</summary>
public static class LinkCalls
{
    public const string GrantHeader = "X-Link-Grant";

    /// <summary>make-shared with any of its options (snake_case keys), e.g. <c>new { password = "..." }</c>.</summary>
    public static Task<(HttpStatusCode Status, JsonNode Body)> ShareWithAsync(
        this Client client, string path, string baseType, object options, string field = "mere")
    {
        var body = JsonSerializerNode(options);
        body["fs_entity"] = JsonSerializerNode(DriveCalls.Entity(path, baseType));
        body["file_field"] = field;
        return client.PostAsync("/api/shared-service/make-shared", body);
    }

    public static async Task<string> LinkWithAsync(this Client client, string path, string baseType, object options)
    {
        var shared = await client.ShareWithAsync(path, baseType, options);
        shared.ShouldBeSuccess();
        return shared.Body["hashed_link"]!.GetValue<string>();
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> SetLinkPasswordAsync(
        this Client client, string path, string? password, string baseType = "file") =>
        client.PostAsync("/api/shared-service/set-link-password",
            new { fs_entity = DriveCalls.Entity(path, baseType), file_field = "mere", password });

    public static Task<(HttpStatusCode Status, JsonNode Body)> UnlockAsync(this Client client, string userName, string link, string password) =>
        client.PostAsync($"/shared/{userName}/{link}/unlock", new { password });

    /// <summary>Unlocks and returns the grant.</summary>
    public static async Task<string> GrantAsync(this Client client, string userName, string link, string password)
    {
        var unlocked = await client.UnlockAsync(userName, link, password);
        unlocked.ShouldBeSuccess();
        return unlocked.Body["grant"]!.GetValue<string>();
    }

    public static HttpRequestMessage WithGrant(HttpMethod method, string route, string? grant, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, route) { Content = content };
        if (grant is not null)
            request.Headers.Add(GrantHeader, grant);
        return request;
    }

    /// <summary>A visitor's upload through a link: multipart with one part <c>file</c> named <paramref name="name"/>.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Body)> UploadThroughAsync(
        this HttpClient http, string userName, string link, string name, byte[] bytes, string? grant = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        using var request = WithGrant(HttpMethod.Post, $"/shared/{userName}/{link}/upload", grant, form);
        return await Client.Read(await http.SendAsync(request));
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> BeginThroughAsync(
        this Client client, string userName, string link, string name, long size) =>
        client.PostAsync($"/shared/{userName}/{link}/begin-upload", new { name, size_bytes = size });

    public static Task<(HttpStatusCode Status, JsonNode Body)> CompleteThroughAsync(this Client client, string userName, string link, string uploadId) =>
        client.PostAsync($"/shared/{userName}/{link}/complete-upload", new { upload_id = uploadId });

    public static Task<(HttpStatusCode Status, JsonNode Body)> AbortThroughAsync(this Client client, string userName, string link, string uploadId) =>
        client.PostAsync($"/shared/{userName}/{link}/abort-upload", new { upload_id = uploadId });

    public static JsonNode Link(this List<JsonNode> shared, string hashedLink) =>
        shared.Single(s => s["hashed_link"]!.GetValue<string>() == hashedLink);

    private static JsonObject JsonSerializerNode(object value) =>
        System.Text.Json.JsonSerializer.SerializeToNode(value, JsonOptions)!.AsObject();

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };
}
