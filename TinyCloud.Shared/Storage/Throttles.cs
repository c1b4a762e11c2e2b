using System.Globalization;
using System.Text.RegularExpressions;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Cosmos DB's "request rate is large" (16500, TooManyRequests): the account's request units for this second are spent
/// and the request was not executed. Its message carries the wait the server suggests, as <c>RetryAfterMs=N</c>.
/// </summary>
public static partial class Throttles
{
    public const int Code = 16500;

    public static bool IsThrottle(Exception? ex) => ex switch
    {
        MongoCommandException command => command.Code == Code,
        MongoWriteException write => write.WriteError?.Code == Code,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(e => e.Code == Code),
        AggregateException { InnerException: { } inner } => IsThrottle(inner),
        _ => false,
    };

    /// <summary>The server's suggested wait, when its message says one.</summary>
    public static TimeSpan? SuggestedWait(Exception ex)
    {
        var match = RetryAfterMs().Match(ex.ToString());
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(Math.Min(ms, 60_000))
            : null;
    }

    [GeneratedRegex(@"RetryAfterMs=(\d{1,9})")]
    private static partial Regex RetryAfterMs();
}
