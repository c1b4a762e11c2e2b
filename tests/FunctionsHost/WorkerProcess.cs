using System.Diagnostics;
using FunctionsHost.Rpc;
using Google.Protobuf.WellKnownTypes;

namespace FunctionsHost;

/// <summary>
/// Starts the worker once both listeners are bound, pipes its output, and stops it with the emulator.
/// An unexpected worker exit stops the emulator with a non-zero exit code; there is no restart.
/// </summary>
public sealed class WorkerProcess(
    ScriptRoot root, WorkerEnvironment env, HostState state, RpcChannel channel,
    IHostApplicationLifetime lifetime, ILogger<WorkerProcess> log) : IHostedLifecycleService
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);
    private Process? _process;
    private volatile bool _stopping;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var psi = WorkerCommand.Create(root, env, state, requestId: Guid.NewGuid().ToString());
        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Pipe(Console.Out, e.Data);
        _process.ErrorDataReceived += (_, e) => Pipe(Console.Error, e.Data);
        _process.Exited += (_, _) => OnExited();

        log.LogInformation("Starting worker: {Executable} {WorkerPath} (gRPC on 127.0.0.1:{GrpcPort})",
            root.ExecutablePath, root.WorkerPath, state.GrpcPort);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return Task.CompletedTask;
    }

    // Runs before Kestrel stops: Kestrel would otherwise wait for the open gRPC stream.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_process is null || _process.HasExited)
        {
            return;
        }

        if (channel.IsConnected)
        {
            log.LogInformation("Sending WorkerTerminate (grace period {Seconds} s)", GracePeriod.TotalSeconds);
            channel.Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(GracePeriod) } });
        }

        using var timeout = new CancellationTokenSource(GracePeriod);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            log.LogInformation("Worker exited with code {ExitCode}", _process.ExitCode);
        }
        catch (OperationCanceledException)
        {
            log.LogWarning("Worker still running after {Seconds} s; killing its process tree", GracePeriod.TotalSeconds);
            _process.Kill(entireProcessTree: true);
        }
    }

    private void OnExited()
    {
        if (_stopping)
        {
            return;
        }
        var code = _process!.ExitCode;
        log.LogError("Worker process exited unexpectedly with code {ExitCode}; the emulator does not restart it and stops now", code);
        Environment.ExitCode = code == 0 ? 1 : code;
        lifetime.StopApplication();
    }

    private static void Pipe(TextWriter writer, string? line)
    {
        if (line is not null)
        {
            writer.WriteLine($"[worker] {line}");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
