using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Functions;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// The whole system under test, shared by every integration test: the backend processes plus one worker on a
/// real loopback port. Tests needing other settings start extra workers against the same backends.
/// </summary>
public sealed class Stack : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string JwtSecret = "tests-only-secret-that-is-at-least-32-bytes-long";

    private readonly List<Worker> _extraWorkers = [];

    public Backends Backends { get; private set; } = null!;
    public Worker Worker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Backends = await Infrastructure.Backends.StartAsync();
        Worker = await StartWorkerAsync();
    }

    /// <summary>An extra worker; <paramref name="clock"/> replaces its TimeProvider.</summary>
    public async Task<Worker> StartWorkerAsync(
        IDictionary<string, string?>? settings = null, string? database = null, TimeProvider? clock = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Mongo:ConnectionString"] = Backends.MongoConnectionString,
            ["Mongo:Database"] = database ?? "tinycloud_test_" + Guid.NewGuid().ToString("N")[..8],
            ["Blob:ConnectionString"] = Backends.BlobConnectionString,
            ["Blob:Container"] = "tc" + Guid.NewGuid().ToString("N")[..12],
            ["Auth:JwtSecret"] = JwtSecret,
            ["Auth:CookieSecure"] = "false",
            ["Admin:Key"] = AdminKey,
            ["Cleanup:Schedule"] = "0 0 0 1 1 *", // no in-process TempCleanup run unless a test asks for one
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        var app = TinyCloudApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            if (clock is not null)
                builder.Services.AddSingleton(clock);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        var worker = new Worker(app, new Uri(address));
        if (Worker is not null)
            _extraWorkers.Add(worker);
        return worker;
    }

    /// <summary>Builds a worker with one setting changed and returns why start-up refused it.</summary>
    public async Task<string> StartupFailureAsync(string key, string value)
    {
        var app = TinyCloudApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Mongo:ConnectionString"] = Backends.MongoConnectionString,
            ["Blob:ConnectionString"] = Backends.BlobConnectionString,
            ["Auth:JwtSecret"] = JwtSecret,
            [key] = value,
        }));
        try
        {
            return (await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync())).Message;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _extraWorkers)
            await worker.DisposeAsync();
        if (Worker is not null)
            await Worker.DisposeAsync();
        if (Backends is not null)
            await Backends.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<Stack>
{
    public const string Name = "stack";
}

public sealed class Worker(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = baseAddress;
    public IServiceProvider Services => app.Services;

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>A browser-like client: its own cookie jar, no automatic redirects.</summary>
    public Client NewClient() => new(BaseAddress);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
