using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Tests.Security;

/// <summary>One generated bad request: what it is, and how to build it.</summary>
public sealed record SweepCase(string Name, HttpMethod Method, string Path, Func<HttpContent?> Content, string? Range = null);

/// <summary>
/// Bad requests for every HTTP function, generated from its declaration (<see cref="FunctionCatalog"/>): the JSON body
/// type's constructor gives the fields to drop, retype, stuff with hostile text or blow up. Seeded, so every run
/// sends exactly the same requests.
/// </summary>
public static class SweepCases
{
    private static readonly string[] Hostile = ["\uFFFE", "\uD800", "\u0000", "\u001B[31m", "\u202Egnp.exe", "\u200B", "\uFDD0", "a\nb"];
    private static readonly string[] Ranges = ["bytes=abc", "bytes=9-2", "bytes=-0", "bytes=0-1,3-4", "items=0-1", "bytes=99999999999999999999-", "bytes=--1", "bytes"];

    public static IEnumerable<SweepCase> For(FunctionEntry function)
    {
        var random = new Random(function.Name.Aggregate(17, (hash, c) => hash * 31 + c));
        var path = function.Route.Replace("{user_name}", "sweeper").Replace("{hashed_link}", "nolink").Replace("/{*path}", "");
        var method = new HttpMethod(function.HttpMethod);
        if (function.RequestBody is { } type)
        {
            var template = Template(type);
            var content = function.Name == "UploadFile" ? (Func<string, HttpContent>)UploadPart : Json;
            foreach (var (name, json) in BodyMutations(template, random))
                yield return new(name, method, path, () => content(json));
        }
        else if (function.Name is "UploadFile" or "SetUserImg")
        {
            foreach (var (name, contentType, body) in MalformedMultipartTests.Cases())
                yield return new(name, method, path, () => Raw(body, contentType));
            foreach (var (name, json) in BodyMutations(Template(typeof(TinyCloud.Functions.Drive.UploadFileRequest)), random))
                yield return new("request part: " + name, method, path, () => UploadPart(json));
        }
        else
        {
            yield return new("junk body", method, path, () => method == HttpMethod.Get ? null : Json("{\"x\":" + new string('[', 300)));
            yield return new("form body", method, path, () => method == HttpMethod.Get ? null : Raw("a=b"u8.ToArray(), "application/x-www-form-urlencoded"));
            foreach (var text in Hostile.Take(4))
                yield return new($"hostile query {Escape(text)}", method, $"{path}?abs_path={Uri.EscapeDataString(Safe(text))}&file_field={Uri.EscapeDataString(Safe(text))}&v=1", () => null);
            if (path.StartsWith("/shared/", StringComparison.Ordinal) || path.StartsWith("/share/", StringComparison.Ordinal))
                // Not U+0000: Kestrel itself refuses %00 in a path (a bare 400) before any function runs.
                foreach (var text in Hostile.Where(t => t != "\u0000").Take(5))
                    yield return new($"hostile route {Escape(text)}", method, path.Replace("sweeper", Uri.EscapeDataString(Safe(text) + "x")), () => null);
        }
        if (function.Name is "DownloadFile" or "GetFileByGet")
            foreach (var range in Ranges)
                yield return new($"range {range}", method, function.Name == "GetFileByGet" ? $"{path}?abs_path=%2Fprep%2Fa.txt&file_field=mere" : path,
                    () => method == HttpMethod.Get ? null : Json("""{"fs_entity":{"name":"a.txt","abs_path":"/prep/a.txt","base_type":"file"},"file_field":"mere"}"""), range);
    }

    private static IEnumerable<(string Name, string Json)> BodyMutations(JsonObject template, Random random)
    {
        string With(Action<JsonObject> change)
        {
            var copy = (JsonObject)template.DeepClone();
            change(copy);
            return copy.ToJsonString();
        }
        var keys = template.Select(p => p.Key).ToList();
        yield return ("empty object", "{}");
        yield return ("array body", "[1,2]");
        yield return ("null body", "null");
        yield return ("not json", "{\"a\":");
        yield return ("deep json", new string('[', 500) + new string(']', 500));
        yield return ("huge json", With(o => o[keys[0]] = new string('x', 70 * 1024)));
        foreach (var key in keys)
        {
            yield return ($"missing {key}", With(o => o.Remove(key)));
            JsonNode?[] wrong = [123, "5", true, new JsonArray(), new JsonObject(), null, 1e308, -1];
            var pick = wrong[random.Next(wrong.Length)];
            yield return ($"{key} as {pick?.ToJsonString() ?? "null"}", With(o => o[key] = pick?.DeepClone()));
            yield return ($"missing {key} plus an extra field", With(o => { o.Remove(key); o["surprise"] = "!"; }));
            if (template[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                var text = Hostile[random.Next(Hostile.Length)];
                yield return ($"{key} with {Escape(text)}", Splice(With(o => o[key] = "@@HOSTILE@@"), value.GetValue<string>() + text));
            }
            if (template[key] is JsonObject nested)
                foreach (var inner in nested.Select(p => p.Key).ToList())
                {
                    var text = Hostile[random.Next(Hostile.Length)];
                    yield return ($"{key}.{inner} with {Escape(text)}",
                        Splice(With(o => o[key]![inner] = "@@HOSTILE@@"), "/x" + text));
                    yield return ($"{key}.{inner} as 7", With(o => o[key]![inner] = 7));
                }
        }
    }

    /// <summary>A JSON object with a plausible value for every constructor parameter of <paramref name="type"/>.</summary>
    public static JsonObject Template(Type type)
    {
        var result = new JsonObject();
        foreach (var parameter in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters())
            result[JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name!)] = Value(parameter);
        return result;
    }

    private static JsonNode? Value(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type == typeof(string))
            return parameter.Name!.ToLowerInvariant() switch
            {
                var n when n.Contains("field") => "mere",
                var n when n.Contains("path") => "/nope/x.txt",
                var n when n.Contains("type") => "file",
                "useremail" => "sweep@example.com",
                "password" => "12345678",
                "username" => "sweeper",
                var n when n.Contains("name") => "x.txt",
                _ => "nope",
            };
        if (type == typeof(long) || type == typeof(int) || type == typeof(double))
            return 1;
        if (type == typeof(bool))
            return false;
        if (type == typeof(DateTime))
            return "2026-01-01T00:00:00Z";
        if (type == typeof(Dictionary<string, bool>))
            return new JsonObject { ["nope"] = true };
        if (type == typeof(string[]))
            return new JsonArray(parameter.Name!.Contains("scope", StringComparison.OrdinalIgnoreCase) ? "files:read" : "nope");
        return Template(type);
    }

    /// <summary>Puts text a serializer would refuse (an unpaired surrogate) into the JSON as \u escapes.</summary>
    private static string Splice(string json, string text) => json.Replace("\"@@HOSTILE@@\"", RawJson.Literal(text));

    private static string Safe(string text) => new(text.Select(c => char.IsSurrogate(c) ? '\uFFFF' : c).ToArray());

    private static string Escape(string text) => string.Concat(text.Select(c => c is < ' ' or > '~' ? $"U+{(int)c:X4}" : c.ToString()));

    private static HttpContent Json(string json) => Raw(Encoding.UTF8.GetBytes(json), "application/json");

    private static HttpContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static HttpContent UploadPart(string json) => new MultipartFormDataContent
    {
        { new StringContent(json, Encoding.UTF8, "application/json"), "request" },
        { new ByteArrayContent("sweep"u8.ToArray()), "file", "x.bin" },
    };
}
