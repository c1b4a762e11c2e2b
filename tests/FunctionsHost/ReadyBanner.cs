namespace FunctionsHost;

/// <summary>
/// Prints the function list and then exactly one readiness line, once both listeners are bound and
/// every function is loaded. Tests wait for: <c>Functions host ready on http://127.0.0.1:PORT (N functions)</c>.
/// </summary>
public sealed class ReadyBanner(HostState state, HttpRouter router, WorkerEnvironment env, HostArguments options) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Listeners are bound by now (StartedAsync runs after the server started); wait for the loads in the background.
        _ = state.FunctionsLoaded.ContinueWith(_ => Print(), TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private void Print()
    {
        var baseUrl = $"http://{options.HostAddress}:{state.HttpPort}";
        var lines = new List<string> { "", "Functions:" };
        foreach (var route in router.Routes.OrderBy(r => r.Function.Name, StringComparer.OrdinalIgnoreCase))
        {
            var methods = route.Methods is null ? "ALL" : string.Join(',', route.Methods.Order());
            lines.Add($"  {route.Function.Name}: [{methods}] {baseUrl}{route.Template}");
        }
        foreach (var function in state.Functions.Where(f => f.HttpTrigger is null))
        {
            var trigger = function.Trigger;
            var type = trigger is null ? "noTrigger" : FunctionDescriptor.Str(trigger, "type");
            lines.Add(function.TimerTrigger is { } timer
                ? $"  {function.Name}: timerTrigger {Schedule(timer)}"
                : $"  {function.Name}: {type}");
        }
        lines.Add("");
        lines.Add($"Functions host ready on {baseUrl} ({state.Functions.Count} functions)");
        Console.Out.Write(string.Join(Environment.NewLine, lines) + Environment.NewLine);
        Console.Out.Flush();
    }

    private string Schedule(System.Text.Json.Nodes.JsonObject timer)
    {
        var raw = FunctionDescriptor.Str(timer, "schedule") ?? "";
        try
        {
            var resolved = env.Resolve(raw);
            return resolved == raw ? raw : $"{resolved} ({raw})";
        }
        catch (InvalidOperationException)
        {
            return $"{raw} (unresolved)";
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
