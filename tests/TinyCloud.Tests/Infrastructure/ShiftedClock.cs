namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// Real time plus an offset the test moves on, for the app's services run in the test process (a time-dependent job
/// run ahead of the worker, which lives in real time in its own process). Timers are real ones, so a job that paces
/// itself or retries still waits as it would. <see cref="FreezeAt"/> stops it at one instant, until it is moved on again.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private TimeSpan _offset;
    private DateTimeOffset? _frozen;

    public override DateTimeOffset GetUtcNow() => _frozen ?? System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => (_offset, _frozen) = (_offset + by, null);

    /// <summary>Time stands still at <paramref name="at"/> (a cut-off compared with storage's timestamps must not drift).</summary>
    public void FreezeAt(DateTimeOffset at) => _frozen = at;
}
