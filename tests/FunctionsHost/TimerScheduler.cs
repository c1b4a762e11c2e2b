namespace FunctionsHost;

/// <summary>
/// Fires timerTrigger functions at each occurrence (UTC). Like the host's singleton lock, a function
/// never runs concurrently with itself: an occurrence that finds the previous run still going is skipped.
/// </summary>
public sealed class TimerScheduler(HostState state, WorkerEnvironment env, InvocationRunner runner, ILogger<TimerScheduler> log) : BackgroundService
{
    private readonly Dictionary<string, TimerJob> _jobs = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, TimerJob> Jobs => _jobs;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await state.FunctionsLoaded.WaitAsync(stoppingToken);
        foreach (var function in state.Functions.Where(f => f.TimerTrigger is not null && !env.IsDisabled(f.Name)))
        {
            var binding = function.TimerTrigger!;
            var raw = FunctionDescriptor.Str(binding, "schedule") ?? "";
            try
            {
                _jobs[function.Name] = new TimerJob(function, TimerSchedule.Parse(env.Resolve(raw)), FunctionDescriptor.Flag(binding, "runOnStartup"));
            }
            catch (Exception ex) when (ex is FormatException or NCrontab.CrontabException or InvalidOperationException)
            {
                log.LogError("Timer function {Function} has an invalid schedule '{Schedule}': {Error}; it will not run", function.Name, raw, ex.Message);
            }
        }
        await Task.WhenAll(_jobs.Values.Select(job => RunScheduleAsync(job, stoppingToken)));
    }

    /// <summary>Admin "run now": waits for a running occurrence to finish rather than running beside it.</summary>
    public async Task RunNowAsync(FunctionDescriptor function)
    {
        if (!_jobs.TryGetValue(function.Name, out var job))
        {
            log.LogError("Timer function {Function} has no valid schedule", function.Name);
            return;
        }
        await job.Gate.WaitAsync();
        await RunLockedAsync(job, DateTime.UtcNow, "manual run via admin API");
    }

    private async Task RunScheduleAsync(TimerJob job, CancellationToken stoppingToken)
    {
        if (job.RunOnStartup && await job.Gate.WaitAsync(0, stoppingToken))
        {
            _ = RunLockedAsync(job, DateTime.UtcNow, "run on startup");
        }

        var occurrence = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Never before the previous occurrence: Task.Delay may wake a little early.
            occurrence = job.Schedule.NextAfter(DateTime.UtcNow > occurrence ? DateTime.UtcNow : occurrence);
            for (var wait = occurrence - DateTime.UtcNow; wait > TimeSpan.Zero; wait = occurrence - DateTime.UtcNow)
            {
                await Task.Delay(wait < TimeSpan.FromHours(1) ? wait : TimeSpan.FromHours(1), stoppingToken);
            }
            if (await job.Gate.WaitAsync(0, stoppingToken))
            {
                _ = RunLockedAsync(job, occurrence, $"Timer fired at {occurrence:O}");
            }
            else
            {
                log.LogWarning("Skipping {Function} occurrence {Occurrence:O}: the previous run is still going", job.Function.Name, occurrence);
            }
        }
    }

    private async Task RunLockedAsync(TimerJob job, DateTime occurrence, string reason)
    {
        try
        {
            var status = new TimerStatus(job.LastRun ?? DateTime.MinValue, job.Schedule.NextAfter(occurrence), IsPastDue: false);
            job.LastRun = occurrence;
            await runner.RunAsync(job.Function, id => Invocations.ForTimer(job.Function, id, status), reason);
        }
        finally
        {
            job.Gate.Release();
        }
    }
}

public sealed class TimerJob(FunctionDescriptor function, TimerSchedule schedule, bool runOnStartup)
{
    public FunctionDescriptor Function { get; } = function;
    public TimerSchedule Schedule { get; } = schedule;
    public bool RunOnStartup { get; } = runOnStartup;
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public DateTime? LastRun { get; set; }
}
