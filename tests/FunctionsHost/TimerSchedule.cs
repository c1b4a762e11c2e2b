using NCrontab;

namespace FunctionsHost;

/// <summary>A timerTrigger schedule: 6-field NCRONTAB (with seconds), 5-field cron, or a TimeSpan interval like "00:05:00".</summary>
public sealed class TimerSchedule
{
    private readonly Func<DateTime, DateTime> _next;

    private TimerSchedule(string expression, Func<DateTime, DateTime> next)
    {
        Expression = expression;
        _next = next;
    }

    public string Expression { get; }

    /// <summary>The first occurrence strictly after <paramref name="utc"/>.</summary>
    public DateTime NextAfter(DateTime utc) => _next(utc);

    public static TimerSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is 5 or 6)
        {
            var cron = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
            return new TimerSchedule(expression, utc => DateTime.SpecifyKind(cron.GetNextOccurrence(utc), DateTimeKind.Utc));
        }
        if (TimeSpan.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(expression, utc => utc + interval);
        }
        throw new FormatException($"'{expression}' is neither a cron expression nor a TimeSpan");
    }
}
