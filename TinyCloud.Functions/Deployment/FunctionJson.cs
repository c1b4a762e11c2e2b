using System.Text.Json;
using System.Text.Json.Nodes;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Functions.Deployment;

/// <summary>
/// Writes <c>{FunctionName}/function.json</c> for every function, from the same declarations the worker maps, so the
/// Functions host routes exactly what the worker serves. Run as <c>TinyCloud.Functions --write-function-json DIR</c>.
/// </summary>
public static class FunctionJson
{
    public const string Command = "--write-function-json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int WriteAll(string directory)
    {
        var files = TimerCatalog.HttpFunctions.Select(f => (f.Name, ForHttp(f.Declaration)))
            .Concat(TimerCatalog.All.Select(t => (t.Name, ForTimer(t))))
            .ToList();
        foreach (var (name, json) in files)
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, name));
            File.WriteAllText(Path.Combine(folder.FullName, "function.json"), json.ToJsonString(Indented) + "\n");
        }
        Console.WriteLine($"Wrote function.json for {files.Count} functions to {Path.GetFullPath(directory)}");
        return 0;
    }

    public static JsonObject ForHttp(FunctionRoute route) => Bindings(
        new JsonObject
        {
            ["type"] = "httpTrigger",
            ["direction"] = "in",
            ["name"] = "req",
            ["authLevel"] = "anonymous",
            ["methods"] = new JsonArray(route.Method.ToLowerInvariant()),
            ["route"] = route.Route.TrimStart('/'),
        },
        new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" });

    public static JsonObject ForTimer(TimerEntry timer) => Bindings(new JsonObject
    {
        ["type"] = "timerTrigger",
        ["direction"] = "in",
        ["name"] = "timer",
        ["schedule"] = SettingReference(timer.ScheduleSetting),
    });

    /// <summary>An app-setting reference as function.json spells it: <c>Cleanup:Schedule</c> → <c>%Cleanup__Schedule%</c>.</summary>
    public static string SettingReference(string key) => $"%{key.Replace(":", "__", StringComparison.Ordinal)}%";

    private static JsonObject Bindings(params JsonObject[] bindings) => new() { ["bindings"] = new JsonArray(bindings) };
}
