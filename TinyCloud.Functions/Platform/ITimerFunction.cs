using System.Reflection;

namespace TinyCloud.Functions.Platform;

/// <summary>
/// A timer-triggered function, named after its class like every function. Its generated function.json holds a
/// <c>timerTrigger</c> whose NCRONTAB schedule is read from the app setting <see cref="ScheduleSetting"/>. The
/// Functions host invokes it as <c>POST /{class name}</c> with the custom-handler invocation payload and expects a 2xx
/// answer whose body is a JSON object (it reads optional Outputs, Logs and ReturnValue from it; the success envelope
/// will do). Map that route only under the host (FUNCTIONS_CUSTOMHANDLER_PORT set). A class may also be an
/// <see cref="IFunction"/> declaring that route; it still gets no HTTP trigger.
/// </summary>
public interface ITimerFunction
{
    /// <summary>The configuration key of the schedule, e.g. <c>Cleanup:Schedule</c>.</summary>
    static abstract string ScheduleSetting { get; }
}

public sealed record TimerEntry(string Name, Type Type, string ScheduleSetting)
{
    /// <summary>The route the Functions host POSTs an invocation to.</summary>
    public string InvocationRoute => "/" + Name;
}

public static class TimerCatalog
{
    /// <summary>Every timer function in the worker, found once by reflection.</summary>
    public static IReadOnlyList<TimerEntry> All { get; } = typeof(TimerCatalog).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITimerFunction).IsAssignableFrom(t))
        .Select(t => new TimerEntry(t.Name, t, ReadSchedule(t)))
        .OrderBy(e => e.Name, StringComparer.Ordinal)
        .ToList();

    public static bool IsTimer(Type type) => typeof(ITimerFunction).IsAssignableFrom(type);

    /// <summary>The HTTP-triggered functions: every catalogued function that is not a timer.</summary>
    public static IEnumerable<FunctionEntry> HttpFunctions => FunctionCatalog.All.Where(e => !IsTimer(e.Type));

    private static string ReadSchedule(Type type) =>
        (string)typeof(TimerCatalog).GetMethod(nameof(Schedule), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, null)!;

    // Going through a generic call reads the setting whether the class implements it implicitly or explicitly.
    private static string Schedule<T>() where T : ITimerFunction => T.ScheduleSetting;
}
