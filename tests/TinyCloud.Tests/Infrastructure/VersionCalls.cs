using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>Replacing uploads and the version routes as one-line calls, for tests.</summary>
public static class VersionCalls
{
    /// <summary>upload-file with <c>on_conflict</c> (and <c>if_match</c>, <c>sha256</c>) in its JSON part.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Body)> UploadWithAsync(
        this Client client, string path, byte[] bytes, string? onConflict = "replace", string? ifMatch = null, string? sha256 = null,
        string field = "mere")
    {
        var meta = JsonSerializer.Serialize(new { fs_entity = DriveCalls.Entity(path), file_field = field, on_conflict = onConflict, if_match = ifMatch, sha256 });
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { new StringContent(meta, Encoding.UTF8, "application/json"), "request" }, { file, "file", "upload.bin" } };
        return await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form));
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> ReplaceAsync(this Client client, string path, byte[] bytes, string? ifMatch = null) =>
        client.UploadWithAsync(path, bytes, "replace", ifMatch);

    public static Task<(HttpStatusCode Status, JsonNode Body)> ListVersionsAsync(this Client client, string path, string field = "mere") =>
        client.PostAsync("/api/fs-service/list-versions", new { fs_entity = DriveCalls.Entity(path), file_field = field });

    /// <summary>The versions of a file, newest first (list-versions must succeed).</summary>
    public static async Task<List<JsonNode>> VersionsAsync(this Client client, string path)
    {
        var listed = await client.ListVersionsAsync(path);
        listed.ShouldBeSuccess();
        return listed.Body["versions"]!.AsArray().Select(v => v!).ToList();
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> RestoreVersionAsync(
        this Client client, string path, string versionId, string? ifMatch = null) =>
        client.PostAsync("/api/fs-service/restore-version",
            new { fs_entity = DriveCalls.Entity(path), file_field = "mere", version_id = versionId, if_match = ifMatch });

    public static Task<(HttpStatusCode Status, JsonNode Body)> DeleteVersionAsync(this Client client, string path, string versionId) =>
        client.PostAsync("/api/fs-service/delete-version", new { fs_entity = DriveCalls.Entity(path), file_field = "mere", version_id = versionId });

    public static Task<HttpResponseMessage> DownloadVersionAsync(this Client client, string path, string versionId) =>
        client.PostJsonAsync("/api/download-service/download-version", new { fs_entity = DriveCalls.Entity(path), file_field = "mere", version_id = versionId });

    /// <summary>
    /// begin-upload with <c>on_conflict: replace</c> (and <paramref name="ifMatch"/>) for <paramref name="bytes"/>, and the
    /// bytes put through its URL: the upload id and URL, ready for complete-upload.
    /// </summary>
    public static async Task<(string Id, Uri Url)> BeginReplaceAsync(this Client client, string path, byte[] bytes, string? ifMatch = null)
    {
        var begun = await client.PostAsync("/api/fs-service/begin-upload",
            new { fs_entity = DriveCalls.Entity(path), file_field = "mere", size_bytes = bytes.Length, on_conflict = "replace", if_match = ifMatch });
        begun.ShouldBeSuccess();
        var url = new Uri(begun.Body["upload_url"]!.GetValue<string>());
        (await DirectUploadCalls.PutBlobAsync(url, bytes)).ShouldBe(HttpStatusCode.Created);
        return (begun.Body["upload_id"]!.GetValue<string>(), url);
    }

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
