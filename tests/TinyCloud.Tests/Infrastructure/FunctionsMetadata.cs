using System.Text.Json.Nodes;

namespace TinyCloud.Tests.Infrastructure;

public sealed record HttpTrigger(string Function, string Method, string Route);

public sealed record TimerTrigger(string Function, string Schedule);

public sealed record QueueTrigger(string Function, string QueueName, string Connection);

/// <summary>Reads the functions.metadata the Worker SDK generated into a build or publish folder.</summary>
public static class FunctionsMetadata
{
    public static JsonArray Read(string directory) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "functions.metadata")))!.AsArray();

    public static IReadOnlyList<HttpTrigger> HttpTriggers(string directory) =>
        Bindings(directory, "httpTrigger")
            .SelectMany(b => b.Binding["methods"]!.AsArray().Select(m =>
                new HttpTrigger(b.Function, m!.GetValue<string>().ToUpperInvariant(), "/" + b.Binding["route"]!.GetValue<string>())))
            .ToList();

    public static IReadOnlyList<TimerTrigger> TimerTriggers(string directory) =>
        Bindings(directory, "timerTrigger")
            .Select(b => new TimerTrigger(b.Function, b.Binding["schedule"]!.GetValue<string>())).ToList();

    public static IReadOnlyList<QueueTrigger> QueueTriggers(string directory) =>
        Bindings(directory, "queueTrigger").Select(b => new QueueTrigger(b.Function, b.Binding["queueName"]!.GetValue<string>(),
            b.Binding["connection"]!.GetValue<string>())).ToList();

    /// <summary>Every function's trigger type: what the package may contain, nothing else.</summary>
    public static IReadOnlyList<string> TriggerTypes(string directory) =>
        Read(directory).SelectMany(f => f!["bindings"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()))
            .Where(t => t.EndsWith("Trigger", StringComparison.Ordinal)).Distinct().Order().ToList();

    private static IEnumerable<(string Function, JsonNode Binding)> Bindings(string directory, string type) =>
        Read(directory).SelectMany(f => f!["bindings"]!.AsArray()
            .Where(b => b!["type"]!.GetValue<string>() == type)
            .Select(b => (f["name"]!.GetValue<string>(), b!)));
}
