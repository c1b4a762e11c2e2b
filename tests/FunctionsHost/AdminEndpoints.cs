using System.Text.Json;

namespace FunctionsHost;

/// <summary>
/// The bits of the host's admin API that local runs use: <c>GET /admin/host/status</c> and
/// <c>POST /admin/functions/{name}</c> (run a non-HTTP function now; 202 Accepted, empty body). No master key.
/// </summary>
public sealed class AdminEndpoints(HostState state, RpcChannel channel, InvocationRunner runner, TimerScheduler timers)
{
    private const string FunctionsPrefix = "/admin/functions/";

    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (path.Equals("/admin/host/status", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsGet(context.Request.Method))
        {
            var ready = state.IsReady && channel.IsConnected;
            context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new
            {
                state = ready ? "Running" : "Starting",
                version = WorkerHandshake.HostVersion,
                processUptime = (long)(DateTimeOffset.UtcNow - state.StartedAt).TotalMilliseconds,
                functions = state.Functions.Select(f => f.Name),
            });
        }
        else if (path.StartsWith(FunctionsPrefix, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(context.Request.Method))
        {
            await RunFunctionAsync(context, Uri.UnescapeDataString(path[FunctionsPrefix.Length..]));
        }
        else
        {
            await ErrorEnvelope.WriteAsync(context, StatusCodes.Status404NotFound, $"No such route: {context.Request.Method} {path}.");
        }
        return true;
    }

    private async Task RunFunctionAsync(HttpContext context, string name)
    {
        if (!state.IsReady || !channel.IsConnected)
        {
            await ErrorEnvelope.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The Functions host is starting.");
            return;
        }
        if (state.Find(name) is not { } function)
        {
            await ErrorEnvelope.WriteAsync(context, StatusCodes.Status404NotFound, $"No such function: {name}.");
            return;
        }
        if (function.HttpTrigger is not null)
        {
            await ErrorEnvelope.WriteAsync(context, StatusCodes.Status400BadRequest, $"{function.Name} is HTTP-triggered; call its route instead.");
            return;
        }

        string? input;
        try
        {
            input = await ReadInputAsync(context.Request);
        }
        catch (JsonException ex)
        {
            await ErrorEnvelope.WriteAsync(context, StatusCodes.Status400BadRequest, $"Body must be JSON like {{\"input\": \"...\"}}: {ex.Message}");
            return;
        }

        // Runs in the background like the host: the caller only learns it was accepted.
        _ = function.TimerTrigger is not null
            ? timers.RunNowAsync(function)
            : runner.RunAsync(function, id => Invocations.ForInput(function, id, input), "manual run via admin API");
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static async Task<string?> ReadInputAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        using var body = JsonDocument.Parse(text);
        return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("input", out var input)
            ? input.ValueKind == JsonValueKind.String ? input.GetString() : input.GetRawText()
            : null;
    }
}
