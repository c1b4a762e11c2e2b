using System.Collections;

namespace FunctionsHost;

/// <summary>The environment the worker process gets, and against which %Setting% references resolve.</summary>
public sealed class WorkerEnvironment
{
    private readonly Dictionary<string, string> _values;

    public WorkerEnvironment(ScriptRoot root)
    {
        _values = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            _values[(string)entry.Key] = entry.Value as string ?? "";
        }

        // Like `func start`: local.settings.json Values never override a variable that is already set.
        foreach (var (key, value) in root.LocalSettings)
        {
            _values.TryAdd(key, value);
        }

        _values["FUNCTIONS_WORKER_DIRECTORY"] = root.Path;
        _values["FUNCTIONS_APPLICATION_DIRECTORY"] = root.Path;
        _values["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        _values.TryAdd("AZURE_FUNCTIONS_ENVIRONMENT", "Development");
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>
    /// Whether the app setting <c>AzureWebJobs.{function}.Disabled</c> (<c>AzureWebJobs__{function}__Disabled</c> where a
    /// name cannot hold dots) is true: as in the real host, its trigger does not start.
    /// </summary>
    public bool IsDisabled(string function) =>
        new[] { $"AzureWebJobs.{function}.Disabled", $"AzureWebJobs__{function}__Disabled" }
            .Any(key => _values.TryGetValue(key, out var value) && bool.TryParse(value, out var disabled) && disabled);

    /// <summary>Resolves "%Name%" (also "%Section:Key%", stored as Section__Key); other text is returned as is.</summary>
    public string Resolve(string value)
    {
        if (value.Length < 3 || value[0] != '%' || value[^1] != '%')
        {
            return value;
        }

        var name = value[1..^1];
        return _values.TryGetValue(name, out var found) || _values.TryGetValue(name.Replace(":", "__", StringComparison.Ordinal), out found)
            ? found
            : throw new InvalidOperationException($"Setting '{name}' referenced by '{value}' is not defined");
    }
}
