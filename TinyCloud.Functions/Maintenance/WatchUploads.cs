using Microsoft.Azure.Functions.Worker;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Maintenance;

/// <summary>
/// The upload watch, on <c>Uploads:WatchSchedule</c> (every minute in a deployment): direct uploads staging more than
/// they declared are given up (see <see cref="OversizedUploads"/>). One query for the open uploads and one block list
/// read for each.
/// </summary>
public sealed class WatchUploads(OversizedUploads oversized, ILogger<WatchUploads> logger)
{
    [Function(nameof(WatchUploads))]
    public async Task Run([TimerTrigger("%Uploads__WatchSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var summary = await oversized.SweepAsync(ct);
        if (summary.GivenUp > 0)
            logger.LogWarning("Upload watch: {GivenUp} of {Checked} open direct uploads gave up, {Excess} bytes beyond their declarations",
                summary.GivenUp, summary.Checked, summary.ExcessBytes);
    }
}
