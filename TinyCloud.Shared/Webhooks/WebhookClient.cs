using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TinyCloud.Shared.Webhooks;

/// <summary>What one POST to a receiver came to.</summary>
public sealed record AttemptResult(bool Succeeded, int? Status, string? Error, long LatencyMs);

/// <summary>
/// POSTs to webhook receivers. The connection goes to an address <see cref="TargetPolicy"/> checked, resolved in
/// <c>ConnectCallback</c> itself, so a name cannot be re-resolved elsewhere between check and connect; redirects are
/// not followed (a 3xx is a failure), at most <see cref="WebhookOptions.MaxResponseBytes"/> of an answer is read,
/// and the whole attempt is bounded by <see cref="WebhookOptions.TimeoutSeconds"/>. Only a 2xx answer counts.
/// </summary>
public sealed class WebhookClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly WebhookOptions _options;

    public WebhookClient(IOptions<WebhookOptions> options)
    {
        _options = options.Value;
        Policy = new TargetPolicy(_options.AllowLocalTargets);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(5, _options.TimeoutSeconds)),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 16,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds) };
    }

    public TargetPolicy Policy { get; }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var (addresses, refusal) = await Policy.ResolveAsync(context.DnsEndPoint.Host, ct);
        if (refusal is not null)
            throw new TargetRefusedException(refusal);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses[0], context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<AttemptResult> PostAsync(string url, IReadOnlyDictionary<string, string> headers, string json, CancellationToken ct)
    {
        if (Policy.CheckUrl(url) is { } bad)
            return new AttemptResult(false, null, bad, 0);
        var started = Stopwatch.GetTimestamp();
        long Elapsed() => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            };
            foreach (var (name, value) in headers)
                request.Headers.TryAddWithoutValidation(name, value);
            request.Headers.UserAgent.ParseAdd("TinyCloud-Webhooks/1");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var text = await ReadSomeAsync(response, ct);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and < 300;
            var error = ok ? null : status is >= 300 and < 400 ? $"redirect to {response.Headers.Location} not followed" : Shorten(text);
            return new AttemptResult(ok, status, error, Elapsed());
        }
        catch (HttpRequestException ex) when (ex.InnerException is TargetRefusedException refused)
        {
            return new AttemptResult(false, null, refused.Message, Elapsed());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return new AttemptResult(false, null, ex is TaskCanceledException ? "timed out" : Shorten(ex.Message), Elapsed());
        }
    }

    private async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[_options.MaxResponseBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200];

    public void Dispose() => _http.Dispose();
}

public sealed class TargetRefusedException(string message) : Exception(message);
