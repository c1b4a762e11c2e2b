using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Maintenance;

namespace TinyCloud.Functions.Maintenance;

public sealed record CleanupResponse(CleanupSummary Summary) : Success;

public sealed class RunCleanup(CleanupJob job) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("POST", "/api/admin-service/run-cleanup", Access.Admin)
    {
        ResponseBody = typeof(CleanupResponse),
        Summary = "Run TempCleanup now and return what it did (X-Admin-Key); 409 while another run holds its lease.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct) =>
        await job.TryRunAsync(ct) is { } summary
            ? Api.Ok(new CleanupResponse(summary))
            : Api.Conflict("Another cleanup run is in progress; try again once it has finished.");
}
