using System.Text.Json.Nodes;

namespace FunctionsHost;

/// <summary>One function as the host knows it: identity plus its raw binding JSON objects.</summary>
public sealed class FunctionDescriptor
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string ScriptFile { get; init; }
    public required string EntryPoint { get; init; }
    public required string Directory { get; init; }
    public required IReadOnlyList<JsonObject> Bindings { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public JsonObject? HttpTrigger => FindBinding("httpTrigger");
    public JsonObject? TimerTrigger => FindBinding("timerTrigger");
    public JsonObject? QueueTrigger => FindBinding("queueTrigger");

    /// <summary>The trigger binding (an input binding whose type ends with "Trigger").</summary>
    public JsonObject? Trigger => Bindings.FirstOrDefault(b =>
        Str(b, "type")?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);

    public static string? Str(JsonObject binding, string key) =>
        binding.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v
        && v.TryGetValue(out string? s) ? s : null;

    public static bool Flag(JsonObject binding, string key) =>
        binding.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v
        && (v.TryGetValue(out bool b) ? b : v.TryGetValue(out string? s) && bool.TryParse(s, out b) && b);

    private JsonObject? FindBinding(string type) =>
        Bindings.FirstOrDefault(b => string.Equals(Str(b, "type"), type, StringComparison.OrdinalIgnoreCase));
}
