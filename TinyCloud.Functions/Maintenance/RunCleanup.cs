using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Maintenance;

namespace TinyCloud.Functions.Maintenance;

public sealed record CleanupResponse(CleanupSummary Summary) : Success;

public sealed class RunCleanup(CleanupJob job)
{
    /// <summary>Azure's front end answers 502 to an HTTP call that has not answered in 230 s; the run stops before.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(200);

    [Function(nameof(RunCleanup)), Allow(Access.Admin)]
    [Description("Run TempCleanup now, for at most 200 s, and return what it did (X-Admin-Key); 409 while another run holds its lease. budget_exhausted: the next run goes on from where this one stopped.")]
    public async Task<Reply<CleanupResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin-service/run-cleanup")] HttpRequest request,
        CancellationToken ct) =>
        await job.TryRunAsync(ct, TimeLimit) is { } summary
            ? new CleanupResponse(summary)
            : Api.Conflict("Another cleanup run is in progress; try again once it has finished.");
}
