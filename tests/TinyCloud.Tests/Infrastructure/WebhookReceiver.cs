using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>A delivery as the receiver got it.</summary>
public sealed record ReceivedHook(string Path, string Id, string Timestamp, string Signature, string Body);

/// <summary>
/// A webhook receiver on a loopback port (tests only): records every POST and answers what <see cref="Answer"/> says
/// for the n-th call to a path (200 by default); <c>/redirect</c> answers 302 to <c>/landing</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedHook> Received { get; } = new();
    public Func<string, int, int> Answer { get; set; } = (_, _) => 200;
    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path = "/hook") => new Uri(BaseAddress, path).ToString();

    public IEnumerable<ReceivedHook> At(string path) => Received.Where(r => r.Path == path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "/";
            var headers = context.Request.Headers;
            receiver.Received.Enqueue(new ReceivedHook(path, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
                headers["webhook-signature"].ToString(), body));
            if (path == "/redirect")
            {
                context.Response.Redirect("/landing");
                return;
            }
            context.Response.StatusCode = receiver.Answer(path, receiver.Received.Count(r => r.Path == path));
            await context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        var address = app.Urls.First();
        receiver.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
