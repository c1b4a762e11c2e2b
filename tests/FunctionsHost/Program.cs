using System.Net;
using FunctionsHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;

if (HostArguments.Parse(args, Console.Error) is not { } options)
{
    return 2;
}

var root = ScriptRoot.Load(options.ScriptRoot);
var state = new HostState();

// Not passing args: ours are not configuration. Content root = our own folder, so no stray appsettings.json.
// No file watchers (appsettings.json reload), here or in the worker, which inherits the environment: each costs an
// inotify instance, and a test run with dozens of hosts and workers would exhaust the per-user limit (128).
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
// The environment is the worker's (its Logging__*, ASPNETCORE_URLS, ...): none of it configures the host itself.
builder.Configuration.Sources.Clear();
Logging.Configure(builder.Logging, options.Verbose);
builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = null; // uploads of hundreds of MB stream through
    kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; state.GrpcListener = o; });
    kestrel.Listen(IPAddress.Parse(options.HostAddress), options.Port, o => { o.Protocols = HttpProtocols.Http1; state.HttpListener = o; });
});

builder.Services.AddGrpc(o =>
{
    o.MaxReceiveMessageSize = null;
    o.MaxSendMessageSize = null;
});
builder.Services.AddHttpForwarder();
builder.Services.AddSingleton(options).AddSingleton(root).AddSingleton(state).AddSingleton(new WorkerEnvironment(root));
builder.Services.AddSingleton<RpcChannel>().AddSingleton<WorkerHandshake>().AddSingleton<RpcLogPrinter>();
builder.Services.AddSingleton<HttpRouter>().AddSingleton<HttpInvoker>().AddSingleton<HttpFrontend>();
builder.Services.AddSingleton<AdminEndpoints>().AddSingleton<InvocationRunner>();
builder.Services.AddSingleton<TimerScheduler>().AddHostedService(sp => sp.GetRequiredService<TimerScheduler>());
builder.Services.AddHostedService<QueueListener>();
builder.Services.AddHostedService<WorkerProcess>().AddHostedService<ReadyBanner>();

var app = builder.Build();

// The gRPC listener only serves FunctionRpc; everything on the public port goes to the frontend.
app.MapWhen(context => context.Connection.LocalPort == state.GrpcPort, grpc =>
{
    grpc.UseRouting();
    grpc.UseEndpoints(endpoints => endpoints.MapGrpcService<FunctionRpcService>());
});
var frontend = app.Services.GetRequiredService<HttpFrontend>();
app.Run(frontend.HandleAsync);

await app.RunAsync();
return Environment.ExitCode;
