using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>The direct-upload routes, and the plain Blob REST calls a client makes with the upload URL.</summary>
public static class DirectUploadCalls
{
    public const string StorageVersion = "2025-11-05";

    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static Task<(HttpStatusCode Status, JsonNode Body)> BeginUploadAsync(
        this Client client, string path, long size, string field = "mere", string? mimeType = null) =>
        client.PostAsync("/api/fs-service/begin-upload",
            new { fs_entity = DriveCalls.Entity(path), file_field = field, size_bytes = size, mime_type = mimeType });

    /// <summary>A begin-upload that must succeed: its upload_id and upload_url.</summary>
    public static async Task<(string Id, Uri Url)> BegunAsync(this Client client, string path, long size, string? mimeType = null)
    {
        var begun = await client.BeginUploadAsync(path, size, mimeType: mimeType);
        begun.ShouldBeSuccess();
        return (begun.Body["upload_id"]!.GetValue<string>(), new Uri(begun.Body["upload_url"]!.GetValue<string>()));
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> CompleteUploadAsync(this Client client, string uploadId) =>
        client.PostAsync("/api/fs-service/complete-upload", new { upload_id = uploadId });

    public static Task<(HttpStatusCode Status, JsonNode Body)> AbortUploadAsync(this Client client, string uploadId) =>
        client.PostAsync("/api/fs-service/abort-upload", new { upload_id = uploadId });

    public static Task<(HttpStatusCode Status, JsonNode Body)> UploadStatusAsync(this Client client, string uploadId) =>
        client.PostAsync("/api/fs-service/upload-status", new { upload_id = uploadId });

    /// <summary>download-file without buffering the body, for files too big to hold.</summary>
    public static Task<HttpResponseMessage> DownloadStreamingAsync(this Client client, string path, string field = "mere") =>
        client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/download-service/download-file")
        {
            Content = JsonContent.Create(new { fs_entity = DriveCalls.Entity(path), file_field = field }),
        }, HttpCompletionOption.ResponseHeadersRead);

    /// <summary>Block ids must all have the same length before base64; this one sorts like the index.</summary>
    public static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{index:D6}"));

    public static Uri With(Uri sas, string query) => new($"{sas}&{query}");

    public static Task<HttpStatusCode> PutBlockAsync(Uri sas, string blockId, ReadOnlyMemory<byte> bytes) =>
        SendAsync(HttpMethod.Put, With(sas, $"comp=block&blockid={Uri.EscapeDataString(blockId)}"), new ReadOnlyMemoryContent(bytes));

    public static Task<HttpStatusCode> PutBlockListAsync(Uri sas, IEnumerable<string> blockIds)
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>"
            + string.Concat(blockIds.Select(id => $"<Latest>{id}</Latest>")) + "</BlockList>";
        return SendAsync(HttpMethod.Put, With(sas, "comp=blocklist"), new StringContent(xml, Encoding.UTF8, "application/xml"));
    }

    /// <summary>Put Blob: the whole file in one request, for small files.</summary>
    public static Task<HttpStatusCode> PutBlobAsync(Uri sas, ReadOnlyMemory<byte> bytes)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return SendAsync(HttpMethod.Put, sas, content, ("x-ms-blob-type", "BlockBlob"));
    }

    public static async Task<HttpStatusCode> SendAsync(
        HttpMethod method, Uri uri, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Add("x-ms-version", StorageVersion);
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        using var response = await Storage.SendAsync(request);
        return response.StatusCode;
    }
}
