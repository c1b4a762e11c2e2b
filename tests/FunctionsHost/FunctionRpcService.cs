using FunctionsHost.Rpc;
using Grpc.Core;
using MsgType = FunctionsHost.Rpc.StreamingMessage.ContentOneofCase;

namespace FunctionsHost;

/// <summary>gRPC server side of FunctionRpc.EventStream: the worker connects here and the whole protocol runs over it.</summary>
public sealed class FunctionRpcService(
    RpcChannel channel, WorkerHandshake handshake, RpcLogPrinter logs, IHostApplicationLifetime lifetime, ILogger<FunctionRpcService> log) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.ContentCase != MsgType.StartStream)
        {
            log.LogWarning("A gRPC stream opened without StartStream; closing it");
            return;
        }
        if (!channel.TryAttach())
        {
            log.LogWarning("A second worker stream was refused (worker {WorkerId})", requestStream.Current.StartStream.WorkerId);
            return;
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var pump = channel.PumpAsync(responseStream, done.Token);
        try
        {
            handshake.OnStartStream(requestStream.Current.StartStream);
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                Dispatch(requestStream.Current);
            }
            log.LogInformation("Worker closed its gRPC stream");
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // Expected while stopping: the worker exits on WorkerTerminate without closing the stream first.
            log.Log(lifetime.ApplicationStopping.IsCancellationRequested ? LogLevel.Debug : LogLevel.Warning,
                "Worker gRPC stream broke: {Error}", ex.Message);
        }
        finally
        {
            channel.Detach();
            await done.CancelAsync();
            await pump.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case MsgType.RpcLog: logs.Print(message.RpcLog); break;
            case MsgType.InvocationResponse: channel.Complete(message.InvocationResponse); break;
            case MsgType.WorkerInitResponse: handshake.OnInitResponse(message.WorkerInitResponse); break;
            case MsgType.FunctionMetadataResponse: handshake.OnMetadataResponse(message.FunctionMetadataResponse); break;
            case MsgType.FunctionLoadResponse: handshake.OnLoadResponse(message.FunctionLoadResponse); break;
            default: log.LogDebug("Ignoring worker message {Type}", message.ContentCase); break;
        }
    }
}
