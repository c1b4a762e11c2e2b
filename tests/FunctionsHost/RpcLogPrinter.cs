using FunctionsHost.Rpc;
using static FunctionsHost.Rpc.RpcLog.Types;

namespace FunctionsHost;

/// <summary>Writes the worker's RpcLog messages through the "Worker" logger (Trace/Debug are filtered unless --verbose).</summary>
public sealed class RpcLogPrinter(ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger("Worker");

    public void Print(RpcLog message)
    {
        var level = message.Level switch
        {
            Level.Trace => LogLevel.Trace,
            Level.Debug => LogLevel.Debug,
            Level.Information => LogLevel.Information,
            Level.Warning => LogLevel.Warning,
            Level.Error => LogLevel.Error,
            Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        // The worker's framework chatter (ASP.NET Core request logs, data protection) only with --verbose.
        if (level < LogLevel.Warning && (message.LogCategory == RpcLogCategory.System || IsFramework(message.Category)))
        {
            level = LogLevel.Debug;
        }
        var error = message.Exception is null ? null : new WorkerException(message.Exception);
        _log.Log(level, error, "[{Category}] {Message}", message.Category, message.Message);
    }

    private static bool IsFramework(string category) =>
        category.StartsWith("Microsoft.", StringComparison.Ordinal) || category.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>Carries the worker's exception text (type, message, stack) into the console log.</summary>
    private sealed class WorkerException(Rpc.RpcException rpc) : Exception($"{rpc.Type}: {rpc.Message}".TrimStart(':', ' '))
    {
        public override string? StackTrace => rpc.StackTrace;
    }
}
