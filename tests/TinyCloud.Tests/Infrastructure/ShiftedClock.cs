namespace TinyCloud.Tests.Infrastructure;

/// <summary>Real time plus an offset the test moves, so a worker can live in the future (or the past) without sleeping.</summary>
public sealed class ShiftedClock(TimeSpan offset = default) : TimeProvider
{
    public TimeSpan Offset { get; set; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Offset += by;
}
