using System.Globalization;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// Real time plus an offset the test moves, so a worker can live in the future (or the past) without sleeping. The
/// offset is also written to <see cref="OffsetFile"/>, which a worker started with <c>Clock:OffsetFile</c> reads.
/// </summary>
public sealed class ShiftedClock : TimeProvider, IDisposable
{
    private TimeSpan _offset;

    public ShiftedClock(TimeSpan offset = default)
    {
        OffsetFile = Path.Combine(Path.GetTempPath(), $"tinycloud-clock-{Guid.NewGuid():N}");
        Offset = offset;
    }

    public string OffsetFile { get; }

    public TimeSpan Offset
    {
        get => _offset;
        set
        {
            _offset = value;
            // Written whole and renamed into place, so the worker never reads half a number.
            var next = OffsetFile + ".next";
            File.WriteAllText(next, value.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
            File.Move(next, OffsetFile, overwrite: true);
        }
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Offset += by;

    public void Dispose() => File.Delete(OffsetFile);
}
