using Microsoft.Extensions.Logging;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Renews something every <c>period</c> until stopped or until a renewal answers false (it was lost: taken over, or
/// nothing is left to hold). A renewal that throws is logged and tried again at the next tick.
/// </summary>
public static class Renewal
{
    /// <summary>Runs the loop; true when it ended because a renewal was refused, false when it was stopped.</summary>
    public static async Task<bool> RunAsync(
        TimeSpan period, TimeProvider clock, Func<CancellationToken, Task<bool>> renew, ILogger logger, string what,
        CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (!await renew(stop))
                        return true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not renew {What}; the next tick retries", what);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return false;
    }
}
