using Microsoft.Extensions.Logging;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Closing;

namespace TinyCloud.Shared.Maintenance;

/// <summary>
/// Erases deleted accounts whose erasure did not finish (the worker died, storage failed), and once more each account
/// erased within <see cref="Rerun"/>, for what a request still in flight at the deletion wrote after it (an upload).
/// </summary>
public sealed class ClosedAccounts(UserStore users, AccountEraser eraser, TimeProvider clock, ILogger<ClosedAccounts> logger)
{
    public static readonly TimeSpan Rerun = TimeSpan.FromDays(1);

    public async Task<StepTally> EraseAsync(CleanupBudget budget, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime - Rerun;
        var tally = StepTally.None;
        await foreach (var page in Paging.ByKeyAsync(0L, (after, c) => users.ClosingPageAsync(since, after, c), u => u.Id, budget, ct))
        foreach (var user in page)
        {
            var erased = await eraser.EraseAsync(user.Id, ct);
            await budget.SpendAsync(RequestUnits.Writes(erased.Entries + 8), ct);
            if (user.Closing!.FinishedAt is null || erased.Entries + erased.Blobs > 0)
                logger.LogInformation("Finished erasing account {UserId}: {Entries} entries, {Blobs} blobs left behind",
                    user.Id, erased.Entries, erased.Blobs);
            tally = tally.Add(user.Closing.FinishedAt is null ? 1 : 0, erased.BlobBytes);
        }
        return tally;
    }
}
