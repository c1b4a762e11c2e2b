using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Maintenance;

namespace TinyCloud.Functions.Maintenance;

public sealed record CleanupResponse(CleanupSummary Summary) : Success;

public sealed class RunCleanup(CleanupJob job)
{
    [Function(nameof(RunCleanup)), Allow(Access.Admin)]
    [Description("Run TempCleanup now and return what it did (X-Admin-Key); 409 while another run holds its lease.")]
    public async Task<Reply<CleanupResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin-service/run-cleanup")] HttpRequest request,
        CancellationToken ct) =>
        await job.TryRunAsync(ct) is { } summary
            ? new CleanupResponse(summary)
            : Api.Conflict("Another cleanup run is in progress; try again once it has finished.");
}
