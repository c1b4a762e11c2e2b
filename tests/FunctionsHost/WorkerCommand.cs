using System.Diagnostics;

namespace FunctionsHost;

/// <summary>Builds the worker's start info the way the host does (RpcWorkerContext arguments), behind a watchdog.</summary>
public static class WorkerCommand
{
    // The host's RpcWorkerConstants.DefaultMaxMessageLengthBytes.
    public const int GrpcMaxMessageLength = int.MaxValue;

    // The .NET worker does not exit when its gRPC stream breaks, so if the emulator is SIGKILLed
    // the worker would run on. This wrapper holds the read end of a pipe (stdin) whose write end
    // only the emulator has: EOF means the emulator is gone, and the worker gets SIGTERM, then
    // SIGKILL after 5 s. `read` is a shell builtin, so no extra process lingers. Ctrl-C reaches the
    // whole process group: the wrapper ignores it (as does the worker, started as an async list) and
    // the emulator stops the worker with WorkerTerminate instead.
    private const string Watchdog = """
        trap '' INT
        exec 3<&0
        "$@" </dev/null 3<&- &
        child=$!
        ( while read -r _ <&3; do :; done; kill -TERM "$child" 2>/dev/null; sleep 5; kill -KILL "$child" 2>/dev/null ) &
        watcher=$!
        exec 3<&-
        wait "$child"; rc=$?
        kill "$watcher" 2>/dev/null
        exit $rc
        """;

    public static ProcessStartInfo Create(ScriptRoot root, WorkerEnvironment env, HostState state, string requestId)
    {
        var command = new List<string>();
        if (IsDotnetMuxer(root.ExecutablePath))
        {
            command.Add(root.ExecutablePath);
            command.Add(root.WorkerPath);
        }
        else
        {
            // Self-contained publish: defaultExecutablePath is the apphost itself ({WorkerRoot}App).
            command.Add(Path.GetFullPath(root.ExecutablePath, root.Path));
        }

        var uri = $"http://127.0.0.1:{state.GrpcPort}/";
        command.AddRange([
            "--host", "127.0.0.1", "--port", state.GrpcPort.ToString(), "--workerId", state.WorkerId,
            "--requestId", requestId, "--grpcMaxMessageLength", GrpcMaxMessageLength.ToString(),
            "--functions-uri", uri, "--functions-worker-id", state.WorkerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", GrpcMaxMessageLength.ToString(),
        ]);

        var psi = new ProcessStartInfo
        {
            WorkingDirectory = root.Path,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

        if (OperatingSystem.IsWindows())
        {
            psi.FileName = command[0];
            command.Skip(1).ToList().ForEach(psi.ArgumentList.Add);
        }
        else
        {
            psi.FileName = "/bin/sh";
            new[] { "-c", Watchdog, "functions-worker-watchdog" }.Concat(command).ToList().ForEach(psi.ArgumentList.Add);
        }

        psi.Environment.Clear();
        foreach (var (key, value) in env.Values)
        {
            psi.Environment[key] = value;
        }
        return psi;
    }

    private static bool IsDotnetMuxer(string exe) =>
        Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
