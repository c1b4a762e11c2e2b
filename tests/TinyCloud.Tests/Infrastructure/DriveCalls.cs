using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>The drive routes as one-line calls, for tests.</summary>
public static class DriveCalls
{
    public static object Entity(string path, string baseType = "file") =>
        new { name = path == "/" ? "" : path[(path.LastIndexOf('/') + 1)..], abs_path = path, base_type = baseType };

    public static Task<(HttpStatusCode Status, JsonNode Body)> CreateFolderAsync(this Client client, string path, string field = "mere") =>
        client.PostAsync("/api/fs-service/create-folder", new { fs_entity = Entity(path, "folder"), file_field = field });

    public static async Task<(HttpStatusCode Status, JsonNode Body)> UploadAsync(
        this Client client, string path, byte[] bytes, string field = "mere", string? contentType = "application/octet-stream", bool fileFirst = false)
    {
        using var form = UploadForm(path, bytes, field, contentType, fileFirst);
        return await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form));
    }

    public static MultipartFormDataContent UploadForm(string path, byte[] bytes, string field = "mere", string? contentType = null, bool fileFirst = false)
    {
        var meta = new StringContent(JsonSerializer.Serialize(new { fs_entity = Entity(path), file_field = field }));
        meta.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var file = new ByteArrayContent(bytes);
        if (contentType is not null)
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent();
        if (!fileFirst)
            form.Add(meta, "request");
        form.Add(file, "file", "upload.bin");
        if (fileFirst)
            form.Add(meta, "request");
        return form;
    }

    public static async Task<List<JsonNode>> LayerAsync(this Client client, string path = "/", string field = "mere")
    {
        var response = await client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = path, file_field = field });
        response.ShouldBeSuccess();
        return response.Body["fs_layer"]!.AsArray().Select(n => n!).ToList();
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> EntityAsync(this Client client, string path, string baseType = "file", string field = "mere") =>
        client.PostAsync("/api/fs-watching-service/get-fs-entity",
            new { abs_path_to_fs_entity = path, fs_entity_base_type = baseType, file_field = field });

    public static Task<HttpResponseMessage> DownloadAsync(this Client client, string path, string field = "mere") =>
        client.PostJsonAsync("/api/download-service/download-file", new { fs_entity = Entity(path), file_field = field });

    public static Task<(HttpStatusCode Status, JsonNode Body)> DeleteAsync(this Client client, string path, string baseType = "file", string field = "mere") =>
        client.PostAsync("/api/fs-service/delete-entity", new { fs_entity = Entity(path, baseType), file_field = field });

    public static Task<(HttpStatusCode Status, JsonNode Body)> RenameAsync(
        this Client client, string path, string newName, string baseType = "file", string field = "mere") =>
        client.PostAsync("/api/fs-service/rename-entity", new { fs_entity = Entity(path, baseType), file_field = field, new_name = newName });

    public static Task<(HttpStatusCode Status, JsonNode Body)> MoveAsync(
        this Client client, string path, string newPath, string baseType = "file", string field = "mere", string? newField = null) =>
        client.PostAsync("/api/fs-service/move-entity",
            new { fs_entity = Entity(path, baseType), file_field = field, new_abs_path = newPath, new_file_field = newField ?? field });

    public static Task<(HttpStatusCode Status, JsonNode Body)> CopyAsync(
        this Client client, string path, string newPath, string baseType = "file", string field = "mere", string? newField = null) =>
        client.PostAsync("/api/fs-service/copy-entity",
            new { fs_entity = Entity(path, baseType), file_field = field, new_abs_path = newPath, new_file_field = newField ?? field });

    /// <summary>(used_bytes, available_bytes) from get-current-user.</summary>
    public static async Task<(long Used, long Available)> QuotaAsync(this Client client)
    {
        var me = await client.GetAsync("/api/user-service/get-current-user");
        me.ShouldBeSuccess();
        return (me.Body["user"]!["used_bytes"]!.GetValue<long>(), me.Body["user"]!["available_bytes"]!.GetValue<long>());
    }

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static string Md5Hex(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}
