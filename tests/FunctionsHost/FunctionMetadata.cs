using System.Text.Json.Nodes;
using FunctionsHost.Rpc;

namespace FunctionsHost;

/// <summary>Turns worker-indexed metadata (or functions.metadata) into descriptors and load requests.</summary>
public static class FunctionMetadata
{
    public static FunctionDescriptor FromRpc(RpcFunctionMetadata m, string scriptRoot) => new()
    {
        Id = string.IsNullOrEmpty(m.FunctionId) ? Guid.NewGuid().ToString() : m.FunctionId,
        Name = m.Name,
        ScriptFile = Path.GetFullPath(m.ScriptFile, scriptRoot),
        EntryPoint = m.EntryPoint,
        Directory = string.IsNullOrEmpty(m.Directory) ? scriptRoot : m.Directory,
        Bindings = m.RawBindings.Select(raw => JsonNode.Parse(raw) as JsonObject ?? []).ToList(),
        Properties = m.Properties.ToDictionary(kv => kv.Key, kv => kv.Value),
    };

    /// <summary>Reads functions.metadata, written by the Worker SDK at build time (used when the worker asks for host indexing).</summary>
    public static IReadOnlyList<FunctionDescriptor> FromFile(string scriptRoot)
    {
        var file = Path.Combine(scriptRoot, "functions.metadata");
        if (!File.Exists(file))
        {
            return [];
        }

        return (JsonNode.Parse(File.ReadAllText(file)) as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(f => new FunctionDescriptor
            {
                Id = Guid.NewGuid().ToString(),
                Name = FunctionDescriptor.Str(f, "name") ?? throw new InvalidOperationException("function without name in functions.metadata"),
                ScriptFile = Path.GetFullPath(FunctionDescriptor.Str(f, "scriptFile") ?? "", scriptRoot),
                EntryPoint = FunctionDescriptor.Str(f, "entryPoint") ?? "",
                Directory = scriptRoot,
                Bindings = (f["bindings"] as JsonArray ?? []).OfType<JsonObject>().ToList(),
                Properties = (f["properties"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? ""),
            })
            .ToList();
    }

    public static FunctionLoadRequest ToLoadRequest(FunctionDescriptor f)
    {
        var metadata = new RpcFunctionMetadata
        {
            Name = f.Name,
            Directory = f.Directory,
            ScriptFile = f.ScriptFile,
            EntryPoint = f.EntryPoint,
            FunctionId = f.Id,
        };
        foreach (var binding in f.Bindings)
        {
            var name = FunctionDescriptor.Str(binding, "name") ?? "";
            metadata.Bindings[name] = ToBindingInfo(binding);
        }
        foreach (var (key, value) in f.Properties)
        {
            metadata.Properties[key] = value;
        }
        return new FunctionLoadRequest { FunctionId = f.Id, Metadata = metadata };
    }

    private static BindingInfo ToBindingInfo(JsonObject binding)
    {
        var info = new BindingInfo
        {
            Type = FunctionDescriptor.Str(binding, "type") ?? "",
            Direction = (FunctionDescriptor.Str(binding, "direction") ?? "in").ToLowerInvariant() switch
            {
                "out" => BindingInfo.Types.Direction.Out,
                "inout" => BindingInfo.Types.Direction.Inout,
                _ => BindingInfo.Types.Direction.In,
            },
        };
        if (Enum.TryParse<BindingInfo.Types.DataType>(FunctionDescriptor.Str(binding, "dataType"), ignoreCase: true, out var dataType))
        {
            info.DataType = dataType;
        }
        return info;
    }
}
