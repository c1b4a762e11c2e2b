using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// The bookkeeping that follows a change once it is made (a file made ready, entries deleted): the quota counters
/// catching up, shares going. The request has succeeded by then, so a step the database refuses (throttled past the
/// retry budget, unreachable) does not turn it into an error: it is logged and left to TempCleanup, which finds it
/// (the user was flagged for the quota step before the change; dangling shares are dropped by the tree repair).
/// </summary>
public static class AfterCommit
{
    public static async Task TryAsync(Func<Task> step, ILogger logger, string what, long userId)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not {What} of user {UserId} after the change was made; TempCleanup will", what, userId);
        }
    }
}
