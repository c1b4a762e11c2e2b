using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FunctionsHost;

/// <summary>Shared, mostly write-once state: ports, worker capabilities and the loaded functions.</summary>
public sealed class HostState
{
    private readonly TaskCompletionSource _functionsLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IReadOnlyList<FunctionDescriptor> _functions = [];

    /// <summary>Set while Kestrel is configured; after binding, Kestrel reports the real port (also for port 0).</summary>
    public ListenOptions? GrpcListener { get; set; }
    public ListenOptions? HttpListener { get; set; }

    public int GrpcPort => GrpcListener?.IPEndPoint?.Port ?? 0;
    public int HttpPort => HttpListener?.IPEndPoint?.Port ?? 0;
    public string WorkerId { get; } = Guid.NewGuid().ToString();
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Base address of the worker's own Kestrel (capability "HttpUri"); requests are proxied there.</summary>
    public Uri? WorkerHttpUri { get; set; }
    public IReadOnlyDictionary<string, string> WorkerCapabilities { get; set; } = new Dictionary<string, string>();

    public IReadOnlyList<FunctionDescriptor> Functions => _functions;
    public Task FunctionsLoaded => _functionsLoaded.Task;

    /// <summary>True once every FunctionLoadResponse has arrived; before that the HTTP side answers 503.</summary>
    public bool IsReady => _functionsLoaded.Task.IsCompletedSuccessfully;

    public void SetLoaded(IReadOnlyList<FunctionDescriptor> functions)
    {
        _functions = functions;
        _functionsLoaded.TrySetResult();
    }

    public FunctionDescriptor? Find(string name) =>
        _functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
