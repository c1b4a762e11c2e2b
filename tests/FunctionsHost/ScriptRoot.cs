using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsHost;

/// <summary>What the emulator reads from the worker's output folder: worker.config.json, host.json, local.settings.json.</summary>
public sealed class ScriptRoot
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public required string Path { get; init; }
    public required string ExecutablePath { get; init; }
    public required string WorkerPath { get; init; }
    public required string RoutePrefix { get; init; }
    public required IReadOnlyDictionary<string, string> LocalSettings { get; init; }
    public required QueueOptions Queues { get; init; }

    public static ScriptRoot Load(string path)
    {
        var config = ReadJson(System.IO.Path.Combine(path, "worker.config.json"))
            ?? throw new InvalidOperationException($"worker.config.json not found in {path}");
        var description = config["description"] ?? throw new InvalidOperationException("worker.config.json has no description");

        // The host replaces {WorkerRoot} with the worker directory (used by self-contained apphost configs).
        string Resolve(string? value) => (value ?? "").Replace("{WorkerRoot}", path.TrimEnd('/') + "/", StringComparison.Ordinal);

        var hostJson = ReadJson(System.IO.Path.Combine(path, "host.json"));
        var settings = ReadJson(System.IO.Path.Combine(path, "local.settings.json"));

        return new ScriptRoot
        {
            Path = path,
            ExecutablePath = Resolve(description["defaultExecutablePath"]?.GetValue<string>()),
            WorkerPath = Resolve(description["defaultWorkerPath"]?.GetValue<string>()),
            // Same default as the host: "api" when host.json does not set extensions.http.routePrefix.
            RoutePrefix = (hostJson?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api").Trim('/'),
            Queues = QueueOptions.From(hostJson?["extensions"]?["queues"] as JsonObject),
            LocalSettings = (settings?["Values"] as JsonObject ?? [])
                .Where(kv => kv.Value is not null)
                .ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue(out string? s) ? s : kv.Value!.ToJsonString()),
        };
    }

    private static JsonNode? ReadJson(string file) =>
        File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file), documentOptions: Lenient) : null;
}
