namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// The worker's request limits count in fixed windows aligned on multiples of their length (FixedWindow in
/// TinyCloud.Shared.Accounts): a test that sends a limit's worth of requests and expects the next one refused would see
/// the count start over if its requests straddled a boundary. Before such a sequence, a test waits, when the current
/// window has less than the sequence needs left, for the next window to begin. The worker runs on this machine's clock.
/// </summary>
public static class FixedWindows
{
    public static async Task StartFreshAsync(TimeSpan window, TimeSpan need)
    {
        var now = DateTime.UtcNow;
        var left = TimeSpan.FromTicks(window.Ticks - now.Ticks % window.Ticks);
        if (left < need)
            await Task.Delay(left + TimeSpan.FromMilliseconds(50));
    }
}
