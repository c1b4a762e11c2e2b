using System.Diagnostics;
using System.Net;
using FunctionsHost.Rpc;
using Yarp.ReverseProxy.Forwarder;

namespace FunctionsHost;

/// <summary>
/// Runs an HTTP-triggered function like the host in proxying mode: sends the InvocationRequest on the
/// gRPC stream and forwards the request, streaming both ways, to the worker's own Kestrel with the
/// invocation id in x-ms-invocation-id (the worker pairs the two by that id).
/// </summary>
public sealed class HttpInvoker(HostState state, RpcChannel channel, IHttpForwarder forwarder, ILogger<HttpInvoker> log) : IDisposable
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    // Same settings as the host's DefaultHttpProxyService.
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(240) };
    private static readonly TimeSpan ResponseWait = TimeSpan.FromSeconds(60);

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public async Task InvokeAsync(HttpContext context, HttpRoute route, RouteValueDictionary values)
    {
        var started = Stopwatch.GetTimestamp();
        var invocationId = Guid.NewGuid().ToString();
        var method = context.Request.Method;
        var path = context.Request.Path + context.Request.QueryString;

        // The host sends the InvocationRequest first, then starts forwarding.
        var invocation = channel.InvokeAsync(Invocations.ForHttp(route.Function, invocationId, context.Request, values));
        context.Request.Headers[InvocationIdHeader] = invocationId;

        // HttpTransformer.Default is what the host uses: original headers, Host dropped, X-Forwarded-* added.
        var error = await forwarder.SendAsync(context, state.WorkerHttpUri!.ToString(), _client, RequestConfig, HttpTransformer.Default);

        var result = "Failure";
        if (error != ForwarderError.None)
        {
            var cause = context.GetForwarderErrorFeature()?.Exception;
            channel.Fail(invocationId, new IOException($"Forwarding failed: {error}", cause));
            log.LogWarning("Forwarding {Method} {Path} to the worker failed: {Error} {Message}", method, path, error, cause?.Message);
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await ErrorEnvelope.WriteAsync(context, StatusCodes.Status502BadGateway, $"Forwarding to the worker failed: {error}. {cause?.Message}".Trim());
            }
        }
        else if (context.Response.HasStarted)
        {
            // Let the client have its response now; the InvocationResponse only feeds the log line.
            await context.Response.CompleteAsync();
            result = await AwaitResultAsync(route.Function, invocation);
        }
        else
        {
            // Nothing sent yet (e.g. an empty 200 after the function threw): like the host, a failed
            // invocation then becomes a 500.
            result = await AwaitResultAsync(route.Function, invocation);
            if (result != "Success")
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }

        log.LogInformation("Executed '{Function}' {Method} {Path} -> {StatusCode} {Result} in {Elapsed} ms",
            route.Function.Name, method, path, context.Response.StatusCode, result, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<string> AwaitResultAsync(FunctionDescriptor function, Task<InvocationResponse> invocation)
    {
        try
        {
            var response = await invocation.WaitAsync(ResponseWait);
            if (response.Result?.Status == StatusResult.Types.Status.Success)
            {
                return "Success";
            }
            log.LogError("Function '{Function}' failed: {Error}", function.Name, response.Result?.Exception?.Message);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException)
        {
            log.LogWarning("No InvocationResponse for '{Function}': {Message}", function.Name, ex.Message);
        }
        return "Failure";
    }

    public void Dispose() => _client.Dispose();
}
