using System.Globalization;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// Real time plus an offset the test moves, so a worker can live in the future (or the past) without sleeping. The
/// offset is also written to <see cref="OffsetFile"/>, which a worker started with <c>Clock:OffsetFile</c> reads.
/// <see cref="FreezeAt"/> stops it at one instant instead, until the offset is set again.
/// </summary>
public sealed class ShiftedClock : TimeProvider, IDisposable
{
    private TimeSpan _offset;
    private DateTimeOffset? _frozen;

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
            (_offset, _frozen) = (value, null);
            Write(value.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Time stands still at <paramref name="at"/> (whole milliseconds), here and in the worker.</summary>
    public void FreezeAt(DateTimeOffset at)
    {
        _frozen = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        Write("at:" + _frozen.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
    }

    public override DateTimeOffset GetUtcNow() => _frozen ?? System.GetUtcNow() + Offset;

    // Written whole and renamed into place, so the worker never reads half a value.
    private void Write(string text)
    {
        var next = OffsetFile + ".next";
        File.WriteAllText(next, text);
        File.Move(next, OffsetFile, overwrite: true);
    }

    public void Advance(TimeSpan by) => Offset += by;

    public void Dispose() => File.Delete(OffsetFile);
}
