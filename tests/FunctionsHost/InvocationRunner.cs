using System.Diagnostics;
using FunctionsHost.Rpc;

namespace FunctionsHost;

/// <summary>Runs a non-HTTP invocation (timer, admin) and logs its start and end like func does.</summary>
public sealed class InvocationRunner(RpcChannel channel, ILogger<InvocationRunner> log)
{
    public async Task<bool> RunAsync(FunctionDescriptor function, Func<string, InvocationRequest> createRequest, string reason)
    {
        var invocationId = Guid.NewGuid().ToString();
        var started = Stopwatch.GetTimestamp();
        log.LogInformation("Executing '{Function}' (Reason='{Reason}', Id={InvocationId})", function.Name, reason, invocationId);
        try
        {
            var response = await channel.InvokeAsync(createRequest(invocationId));
            var success = response.Result?.Status == StatusResult.Types.Status.Success;
            if (success)
            {
                log.LogInformation("Executed '{Function}' (Succeeded, Id={InvocationId}, Duration={Elapsed}ms)",
                    function.Name, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                log.LogError("Executed '{Function}' (Failed, Id={InvocationId}, Duration={Elapsed}ms): {Error}",
                    function.Name, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.Result?.Exception?.Message);
            }
            return success;
        }
        catch (Exception ex)
        {
            log.LogError("Executed '{Function}' (Failed, Id={InvocationId}, Duration={Elapsed}ms): {Error}",
                function.Name, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message);
            return false;
        }
    }
}
