using System.Net;
using System.Text.Json.Nodes;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>The trash routes as one-line calls, for tests.</summary>
public static class TrashCalls
{
    public static Task<(HttpStatusCode Status, JsonNode Body)> TrashAsync(this Client client, string path, string baseType = "file", string field = "mere") =>
        client.PostAsync("/api/trash-service/trash-entity", new { fs_entity = DriveCalls.Entity(path, baseType), file_field = field });

    /// <summary>Trashes and returns the trash id.</summary>
    public static async Task<string> TrashIdAsync(this Client client, string path, string baseType = "file", string field = "mere")
    {
        var trashed = await client.TrashAsync(path, baseType, field);
        trashed.ShouldBeSuccess();
        return trashed.Body["item"]!["id"]!.GetValue<string>();
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> ListTrashAsync(this Client client, int? limit = null, string? before = null) =>
        client.PostAsync("/api/trash-service/list-trash", new { limit, before });

    /// <summary>Every item of the trash, newest first.</summary>
    public static async Task<List<JsonNode>> TrashItemsAsync(this Client client)
    {
        var listed = await client.ListTrashAsync();
        listed.ShouldBeSuccess();
        return listed.Body["items"]!.AsArray().Select(n => n!).ToList();
    }

    public static Task<(HttpStatusCode Status, JsonNode Body)> RestoreAsync(this Client client, string id, string? newName = null) =>
        client.PostAsync("/api/trash-service/restore-entity", new { id, new_name = newName });

    public static Task<(HttpStatusCode Status, JsonNode Body)> DeleteForeverAsync(this Client client, string id) =>
        client.PostAsync("/api/trash-service/delete-forever", new { id });

    public static async Task<(HttpStatusCode Status, JsonNode Body)> EmptyTrashAsync(this Client client) =>
        await Client.Read(await client.Http.PostAsync("/api/trash-service/empty-trash", null));
}
