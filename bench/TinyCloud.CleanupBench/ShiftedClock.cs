namespace TinyCloud.CleanupBench;

/// <summary>Real time plus a fixed offset, so blobs written a moment ago are already past the orphan grace period.</summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
