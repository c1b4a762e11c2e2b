using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Maintenance;

namespace TinyCloud.Functions.Maintenance;

/// <summary>
/// The timer function. Under the Functions host it is invoked as <c>POST /TempCleanup</c> on
/// <see cref="ScheduleSetting"/>; run on its own, the worker runs the same job from <see cref="CleanupScheduler"/>.
/// </summary>
public sealed class TempCleanup(CleanupJob job, ILogger<TempCleanup> logger) : ITimerFunction
{
    public static string ScheduleSetting => "Cleanup:Schedule";
    public const string Route = "/" + nameof(TempCleanup);

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (await HostInvocation.ReadTimerAsync(request, ct) is not { } timer)
            return HostInvocation.Answer(StatusCodes.Status400BadRequest,
                "Expected the Functions host's invocation payload: a JSON object with Data and Metadata.");
        if (timer.IsPastDue)
            logger.LogInformation("TempCleanup is past due: an occurrence of its schedule was missed");

        // The host reads this contract's body, not the API's error envelope, so failures are answered here.
        try
        {
            var summary = await job.TryRunAsync(ct);
            return HostInvocation.Answer(StatusCodes.Status200OK, summary is null
                ? "TempCleanup skipped: another run holds the cleanup lease."
                : $"TempCleanup {summary}.");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "TempCleanup failed");
            return HostInvocation.Answer(StatusCodes.Status500InternalServerError,
                $"TempCleanup failed; details are in the worker's log (request id {request.HttpContext.TraceIdentifier}).");
        }
    }
}
