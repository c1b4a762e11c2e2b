using System.Globalization;

namespace TinyCloud.Functions.Platform;

/// <summary>
/// For tests only (setting <c>Clock:OffsetFile</c>): the system clock plus the offset, in seconds, that the file
/// holds, read on every call, so a test can move a worker running in another process through time without sleeping.
/// </summary>
public sealed class OffsetClock(string offsetFile) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset();

    private TimeSpan Offset()
    {
        try
        {
            return TimeSpan.FromSeconds(double.Parse(File.ReadAllText(offsetFile), CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            return TimeSpan.Zero; // not written yet, or caught mid-write: the next call reads it again
        }
    }
}
