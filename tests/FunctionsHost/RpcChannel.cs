using System.Collections.Concurrent;
using System.Threading.Channels;
using FunctionsHost.Rpc;
using Grpc.Core;

namespace FunctionsHost;

/// <summary>The host side of the single worker stream: an outbound queue and the invocations awaiting a response.</summary>
public sealed class RpcChannel
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _pending = new();
    private int _attached;

    public bool IsConnected => Volatile.Read(ref _attached) == 1;

    public void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    /// <summary>Sends the request; the task completes with the worker's InvocationResponse, or faults if the stream ends.</summary>
    public Task<InvocationResponse> InvokeAsync(InvocationRequest request)
    {
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.InvocationId] = response;
        if (IsConnected)
        {
            Send(new StreamingMessage { InvocationRequest = request });
        }
        else
        {
            Fail(request.InvocationId, new IOException("The worker is not connected."));
        }
        return response.Task;
    }

    public void Complete(InvocationResponse response)
    {
        if (_pending.TryRemove(response.InvocationId, out var pending))
        {
            pending.TrySetResult(response);
        }
    }

    public void Fail(string invocationId, Exception error)
    {
        if (_pending.TryRemove(invocationId, out var pending))
        {
            pending.TrySetException(error);
        }
    }

    /// <summary>Only one stream is accepted (the host's MultiStream capability is not offered).</summary>
    public bool TryAttach() => Interlocked.CompareExchange(ref _attached, 1, 0) == 0;

    public void Detach()
    {
        Volatile.Write(ref _attached, 0);
        foreach (var id in _pending.Keys)
        {
            Fail(id, new IOException("The worker's gRPC stream ended."));
        }
    }

    /// <summary>Single writer loop: gRPC response streams do not allow concurrent writes.</summary>
    public async Task PumpAsync(IServerStreamWriter<StreamingMessage> writer, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            await writer.WriteAsync(message, cancellationToken);
        }
    }
}
