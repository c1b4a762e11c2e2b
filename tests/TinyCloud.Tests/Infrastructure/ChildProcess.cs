using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// A helper process (Azurite, MongoDB, a worker's host) that is started, awaited until it says it listens, and killed at
/// the end. Each carries <see cref="MarkerVariable"/> in its environment (its children inherit it), so the run can tell
/// afterwards whether any process it started is still alive (scripts/leftover-processes.sh, called by test.sh).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    public const string MarkerVariable = "TINYCLOUD_TEST_CHILD_OF";

    /// <summary>test.sh's run id (TINYCLOUD_TEST_RUN_ID), else this test process's own.</summary>
    public static readonly string RunId =
        Environment.GetEnvironmentVariable("TINYCLOUD_TEST_RUN_ID") is { Length: > 0 } id ? id : $"dotnet-test-{Environment.ProcessId}";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _stopByClosingInput;

    private ChildProcess(Process process, bool stopByClosingInput) => (_process, _stopByClosingInput) = (process, stopByClosingInput);

    public int Id => _process.Id;

    /// <summary>
    /// Starts a process with its standard input a pipe from this one (so it can tell when the tests are gone) and waits
    /// for a line matching <paramref name="ready"/>. With <paramref name="stopByClosingInput"/> it is stopped by closing
    /// that pipe and given time to stop its own children (scripts/backends.mjs), else by killing its process tree.
    /// </summary>
    public static async Task<(ChildProcess Process, Match Ready)> StartAsync(
        string fileName, IEnumerable<string> args, Regex ready, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, bool stopByClosingInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        info.Environment[MarkerVariable] = RunId;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, stopByClosingInput);
        var readyLine = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
                return;
            lock (child._output)
                child._output.AppendLine(line);
            if (ready.Match(line) is { Success: true } match)
                readyLine.TrySetResult(match);
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => readyLine.TrySetException(
            new InvalidOperationException($"{fileName} exited early:\n{child.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            return (child, await readyLine.Task.WaitAsync(timeout));
        }
        catch (TimeoutException)
        {
            await child.DisposeAsync();
            throw new TimeoutException($"{fileName} did not become ready in {timeout}:\n{child.Output}");
        }
    }

    /// <summary>Runs a process to its end and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The ids of a process's descendants, from Linux's /proc.</summary>
    public static IReadOnlyList<int> DescendantsOf(int processId) =>
        Directory.GetDirectories($"/proc/{processId}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse).SelectMany(child => DescendantsOf(child).Prepend(child)).ToList();

    /// <summary>
    /// The descendant of a process whose command line names <paramref name="program"/>: the program itself, not a
    /// shell wrapper that has that name among its arguments.
    /// </summary>
    public static int DescendantRunning(int processId, string program) =>
        DescendantsOf(processId).First(pid => File.ReadAllText($"/proc/{pid}/cmdline").Split('\0') is var argv
            && !argv[0].EndsWith("sh", StringComparison.Ordinal) && argv.Any(a => a.Contains(program, StringComparison.Ordinal)));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_stopByClosingInput && !_process.HasExited)
            {
                _process.StandardInput.Close();
                try
                {
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    // Killed below, children and all.
                }
            }
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
