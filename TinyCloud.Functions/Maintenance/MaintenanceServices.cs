using TinyCloud.Shared.Maintenance;

namespace TinyCloud.Functions.Maintenance;

public static class MaintenanceServices
{
    public static IServiceCollection AddMaintenance(this IServiceCollection services) =>
        services.AddCleanup().AddScoped<TempCleanup>().AddHostedService<CleanupScheduler>();

    /// <summary>Serves the timer invocation route, only under the Functions host (the only caller it has).</summary>
    public static void MapTempCleanup(this WebApplication app)
    {
        if (app.Configuration.UnderFunctionsHost())
            app.MapPost(TempCleanup.Route,
                    (TempCleanup function, HttpRequest request, CancellationToken ct) => function.RunAsync(request, ct))
                .WithName(nameof(TempCleanup)).ExcludeFromDescription();
    }

    /// <summary>The Functions host starts a custom handler with the port to listen on.</summary>
    public static bool UnderFunctionsHost(this IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]);
}
