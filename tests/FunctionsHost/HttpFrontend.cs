namespace FunctionsHost;

/// <summary>Terminal handler of the public HTTP listener: readiness gate, admin API, then function routes.</summary>
public sealed class HttpFrontend(HostState state, RpcChannel channel, HttpRouter router, AdminEndpoints admin, HttpInvoker invoker)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (await admin.TryHandleAsync(context))
        {
            return;
        }
        if (!state.IsReady || !channel.IsConnected)
        {
            await ErrorEnvelope.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                state.IsReady ? "The worker is not connected." : "The Functions host is starting.");
            return;
        }

        var match = router.Match(request);
        if (match.Route is null)
        {
            await (match.MethodNotAllowed
                ? ErrorEnvelope.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, $"{request.Method} is not allowed on {request.Path}.")
                : ErrorEnvelope.WriteAsync(context, StatusCodes.Status404NotFound, $"No such route: {request.Method} {request.Path}."));
            return;
        }
        if (state.WorkerHttpUri is null)
        {
            await ErrorEnvelope.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The worker has no HTTP endpoint (HttpUri capability).");
            return;
        }
        await invoker.InvokeAsync(context, match.Route, match.Values!);
    }
}
