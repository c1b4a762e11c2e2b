using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Search;

public static class SearchCalls
{
    public const string Route = "/api/fs-watching-service/search";

    public static Task<(HttpStatusCode Status, JsonNode Body)> SearchAsync(
        this Client client, string query, string? field = null, int? limit = null, string? cursor = null) =>
        client.PostAsync(Route, new { query, file_field = field, limit, cursor });

    /// <summary>One successful page: its matches and its next_cursor.</summary>
    public static async Task<(List<JsonNode> Matches, string? Next)> PageAsync(
        this Client client, string query, string? field = null, int? limit = null, string? cursor = null)
    {
        var response = await client.SearchAsync(query, field, limit, cursor);
        response.ShouldBeSuccess();
        return (response.Body["matches"]!.AsArray().Select(m => m!).ToList(), response.Body["next_cursor"]?.GetValue<string>());
    }

    /// <summary>The (file_field, abs_path) of every match of a one-page search.</summary>
    public static async Task<List<string>> FoundAsync(this Client client, string query, string? field = null)
    {
        var (matches, next) = await client.PageAsync(query, field, limit: 200);
        next.ShouldBeNull();
        return matches.Select(Where).ToList();
    }

    public static string Where(JsonNode match) =>
        $"{match["file_field"]!.GetValue<string>()}:{match["abs_path"]!.GetValue<string>()}";
}
