using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

/// <summary>Requests whose bodies are written by hand, so they can hold what a serializer would never produce.</summary>
public static class RawJson
{
    public static async Task<(HttpStatusCode Status, JsonNode Body)> PostRawAsync(this Client client, string route, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await Client.Read(await client.Http.PostAsync(route, content));
    }

    /// <summary>A JSON string literal for <paramref name="text"/>, with every non-ASCII UTF-16 unit as a \u escape.</summary>
    public static string Literal(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
            builder.Append(c is < ' ' or > '~' or '"' or '\\' ? $"\\u{(int)c:X4}" : c.ToString());
        return builder.Append('"').ToString();
    }

    public static string Entity(string path, string baseType = "file") =>
        $"{{\"name\":{Literal(path[(path.LastIndexOf('/') + 1)..])},\"abs_path\":{Literal(path)},\"base_type\":\"{baseType}\"}}";
}
