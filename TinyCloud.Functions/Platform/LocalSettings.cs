using System.Text.Json;

namespace TinyCloud.Functions.Platform;

public static class LocalSettings
{
    /// <summary>
    /// Reads the <c>Values</c> of a Functions <c>local.settings.json</c>, as the Functions host would, below every
    /// other source (so environment variables and arguments still win). <c>__</c> in a key means <c>:</c>.
    /// </summary>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder configuration, string path)
    {
        if (!File.Exists(path))
            return configuration;
        using var document = JsonDocument.Parse(File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            return configuration;
        var settings = values.EnumerateObject().ToDictionary(
            p => p.Name.Replace("__", ":", StringComparison.Ordinal),
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
        return configuration;
    }
}
