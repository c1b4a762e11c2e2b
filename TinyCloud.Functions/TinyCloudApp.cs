using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Documentation;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Functions.Sharing;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Activity;
using TinyCloud.Shared.Closing;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Maintenance;
using TinyCloud.Shared.Removal;
using TinyCloud.Shared.Search;
using TinyCloud.Shared.Sharing;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Trash;
using TinyCloud.Shared.Uploads;
using TinyCloud.Shared.Versions;
using TinyCloud.Shared.Copies;

namespace TinyCloud.Functions;

public static class TinyCloudApp
{
    /// <summary>The isolated worker: ASP.NET Core integration, <see cref="FunctionGate"/> in front of every function.</summary>
    public static FunctionsApplicationBuilder ConfigureTinyCloud(this FunctionsApplicationBuilder builder)
    {
        builder.Configuration.AddLocalSettings(Path.Combine(AppContext.BaseDirectory, "local.settings.json"));
        builder.ConfigureFunctionsWebApplication();
        // Kestrel's 30 MB default would cut uploads short: upload-file and JSON bodies enforce their own limits.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.UseMiddleware<FunctionGate>();
        builder.Services.AddTinyCloud();
        return builder;
    }

    public static IServiceCollection AddTinyCloud(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => JsonConventions.Apply(o.SerializerOptions));
        // TryAdd: a test may register its own clock first.
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorage();

        services.AddAccounts();
        services.AddOptions<ClientAddressOptions>().BindConfiguration("ClientAddress")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Header) && o.TrustedHops >= 1,
                "ClientAddress:Header must be set and ClientAddress:TrustedHops be at least 1.")
            .ValidateOnStart();

        services.AddSingleton<ClientAddress>();
        services.AddDrive();
        services.AddSearch();
        services.AddSharing();
        services.AddSingleton<Sessions>().AddSingleton<SharedLinks>().AddSingleton<LinkAccess>()
            .AddSingleton<LinkFileCount>().AddSingleton<SharedUploads>();
        services.AddRemoval();
        services.AddUploads();
        services.AddVersions();
        services.AddCopies();
        services.AddCleanup();
        services.AddTrash();
        services.AddClosing();
        services.AddActivity();
        services.AddSingleton<TinyCloud.Functions.Activity.ActivityRecorder>();
        services.AddSingleton<ApiDocs>().AddSingleton<DocPages>();
        return services;
    }

    /// <summary>Validates every bound option; prints one line per bad setting and returns false if any is bad.</summary>
    public static bool SettingsAreValid(this IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            var failures = ex is AggregateException aggregate
                ? aggregate.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
                : ((OptionsValidationException)ex).Failures;
            foreach (var failure in failures)
                Console.Error.WriteLine($"Configuration error: {failure}");
            return false;
        }
    }
}
