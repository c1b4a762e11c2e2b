using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Documentation;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Maintenance;
using TinyCloud.Functions.Platform;
using TinyCloud.Functions.Sharing;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions;

public static class TinyCloudApp
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Builds the worker; <paramref name="configure"/> lets tests add configuration before services are read.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddLocalSettings(Path.Combine(builder.Environment.ContentRootPath, "local.settings.json"));
        configure?.Invoke(builder);
        builder.WebHost.UseTinyCloudUrls(builder.Configuration);
        builder.Services.AddTinyCloud();

        var app = builder.Build();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            404 => Api.NotFound($"No such route: {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.")
                .ExecuteAsync(context.HttpContext),
            405 => Api.Error(405, $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.")
                .ExecuteAsync(context.HttpContext),
            var status => Api.Error(status, "The request could not be processed.").ExecuteAsync(context.HttpContext),
        });
        app.MapFunctions();
        app.MapTempCleanup();
        return app;
    }

    public static IServiceCollection AddTinyCloud(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        // TryAdd: a test may register its own clock first.
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorage();

        services.AddOptions<AuthOptions>().BindConfiguration("Auth")
            .Validate(o => System.Text.Encoding.UTF8.GetByteCount(o.JwtSecret) >= 32,
                "Auth:JwtSecret is required and must be at least 32 bytes long.")
            .Validate(o => o.TokenLifetimeDays > 0, "Auth:TokenLifetimeDays must be positive.")
            .ValidateOnStart();
        services.AddOptions<AccountsOptions>().BindConfiguration("Accounts")
            .Validate(o => o.DefaultQuotaMb >= 0, "Accounts:DefaultQuotaMb must not be negative.").ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration("Admin");

        services.AddStore<UserStore>().AddStore<LoginThrottle>();
        services.AddDrive();
        services.AddSharing();
        services.AddSingleton<TokenService>().AddSingleton<Sessions>().AddSingleton<SharedLinks>();
        services.AddMaintenance();
        services.AddFunctions();
        services.AddApiDocs();
        return services;
    }

    /// <summary>
    /// Under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set) listen on 127.0.0.1 at that port only;
    /// otherwise honour --urls / ASPNETCORE_URLS, else the Functions default of localhost:7071.
    /// </summary>
    private static void UseTinyCloudUrls(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        if (configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] is { Length: > 0 } port)
            webHost.UseUrls($"http://127.0.0.1:{port}");
        else if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
            webHost.UseUrls(DefaultUrl);
    }
}
