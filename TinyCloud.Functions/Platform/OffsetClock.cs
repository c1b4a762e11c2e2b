using System.Globalization;

namespace TinyCloud.Functions.Platform;

/// <summary>
/// For tests only (setting <c>Clock:OffsetFile</c>): the system clock plus the offset, in seconds, that the file
/// holds, read on every call, so a test can move a worker running in another process through time without sleeping;
/// or, when the file holds <c>at:</c> and Unix milliseconds, that instant, standing still (a test comparing storage's
/// timestamps with a cut-off needs the cut-off not to drift while a slow run gets to it).
/// </summary>
public sealed class OffsetClock(string offsetFile) : TimeProvider
{
    public const string FrozenPrefix = "at:";

    public override DateTimeOffset GetUtcNow()
    {
        try
        {
            var text = File.ReadAllText(offsetFile);
            return text.StartsWith(FrozenPrefix, StringComparison.Ordinal)
                ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text[FrozenPrefix.Length..], CultureInfo.InvariantCulture))
                : System.GetUtcNow() + TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            return System.GetUtcNow(); // not written yet, or caught mid-write: the next call reads it again
        }
    }
}
