using System.Collections.Concurrent;
using FunctionsHost.Rpc;
using static FunctionsHost.Rpc.StatusResult.Types;

namespace FunctionsHost;

/// <summary>
/// The start-up sequence: StartStream → WorkerInitRequest → FunctionsMetadataRequest → one
/// FunctionLoadRequest per function → ready once every FunctionLoadResponse is in.
/// </summary>
public sealed class WorkerHandshake(
    HostState state, RpcChannel channel, ScriptRoot root, IHostApplicationLifetime lifetime, ILogger<WorkerHandshake> log)
{
    // The .NET worker does not inspect the host version; this only has to look like a v4 host.
    public const string HostVersion = "4.0.0.0";

    private readonly ConcurrentDictionary<string, FunctionDescriptor> _pending = new();
    private readonly ConcurrentBag<FunctionDescriptor> _loaded = [];

    public void OnStartStream(StartStream start)
    {
        if (start.WorkerId != state.WorkerId)
        {
            log.LogWarning("StartStream from unexpected worker id {WorkerId}", start.WorkerId);
        }
        // Like the host: no log_categories, no capabilities we could not honour (MultiStream, shared memory).
        channel.Send(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            WorkerInitRequest = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = root.Path, FunctionAppDirectory = root.Path },
        });
    }

    public void OnInitResponse(WorkerInitResponse response)
    {
        if (response.Result?.Status != Status.Success)
        {
            log.LogError("Worker initialization failed: {Error}", response.Result?.Exception?.Message ?? response.Result?.Result);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        state.WorkerCapabilities = response.Capabilities.ToDictionary(kv => kv.Key, kv => kv.Value);
        log.LogDebug("Worker capabilities: {Capabilities}", string.Join(", ", state.WorkerCapabilities.Keys));
        if (state.WorkerCapabilities.TryGetValue("HttpUri", out var httpUri) && Uri.TryCreate(httpUri, UriKind.Absolute, out var uri))
        {
            state.WorkerHttpUri = uri;
        }
        else
        {
            log.LogWarning("Worker did not advertise an HttpUri capability; HTTP functions cannot be proxied (is ConfigureFunctionsWebApplication() called?)");
        }

        channel.Send(new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = root.Path } });
    }

    public void OnMetadataResponse(FunctionMetadataResponse response)
    {
        if (response.Result?.Status == Status.Failure)
        {
            log.LogError("Worker failed to index functions: {Error}", response.Result.Exception?.Message);
        }

        var functions = response.UseDefaultMetadataIndexing
            ? FunctionMetadata.FromFile(root.Path)
            : response.FunctionMetadataResults
                .Where(m => m.Status is null || m.Status.Status != Status.Failure || LogIndexFailure(m))
                .Select(m => FunctionMetadata.FromRpc(m, root.Path))
                .ToList();

        if (functions.Count == 0)
        {
            log.LogWarning("No functions found");
            state.SetLoaded([]);
            return;
        }
        foreach (var function in functions)
        {
            _pending[function.Id] = function;
        }
        foreach (var function in functions)
        {
            channel.Send(new StreamingMessage { FunctionLoadRequest = FunctionMetadata.ToLoadRequest(function) });
        }
    }

    public void OnLoadResponse(FunctionLoadResponse response)
    {
        if (!_pending.TryRemove(response.FunctionId, out var function))
        {
            return;
        }
        if (response.Result?.Status == Status.Failure)
        {
            // The function stays unreachable (404 / not scheduled), the others still run.
            log.LogError("Worker failed to load function {Name}: {Error}", function.Name, response.Result.Exception?.Message);
        }
        else
        {
            _loaded.Add(function);
        }
        if (_pending.IsEmpty)
        {
            state.SetLoaded(_loaded.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList());
        }
    }

    private bool LogIndexFailure(RpcFunctionMetadata m)
    {
        log.LogError("Worker failed to index function {Name}: {Error}", m.Name, m.Status.Exception?.Message);
        return false;
    }
}
