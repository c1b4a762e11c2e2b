using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

public static class StorageServices
{
    /// <summary>How long a request waits for an unreachable MongoDB before answering 503.</summary>
    public static readonly TimeSpan MongoTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<MongoOptions>().BindConfiguration("Mongo")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Mongo:ConnectionString is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Database), "Mongo:Database must not be empty.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Flavor) || MongoFlavors.All.Contains(o.Flavor),
                $"Mongo:Flavor must be one of {string.Join(", ", MongoFlavors.All)} (or unset, to detect it from the host name).")
            .Validate(o => o.IndexCheckSeconds > 0, "Mongo:IndexCheckSeconds must be positive.")
            .Validate(o => o.UniqueIndexCheckSeconds > 0, "Mongo:UniqueIndexCheckSeconds must be positive.")
            .Validate(o => o.ThrottleRetrySeconds is >= 0 and <= 60, "Mongo:ThrottleRetrySeconds must be between 0 and 60.")
            .ValidateOnStart();
        services.AddOptions<BlobOptions>().BindConfiguration("Blob")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Blob:ConnectionString is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Container), "Blob:Container must not be empty.")
            .Validate(o => o.DeleteAttemptSeconds is > 0 and <= 300, "Blob:DeleteAttemptSeconds must be more than 0 and at most 300.")
            .Validate(o => o.DeleteOutagePauseSeconds is >= 0 and <= 3600, "Blob:DeleteOutagePauseSeconds must be between 0 and 3600.")
            .ValidateOnStart();

        SnakeCaseElementNameConvention.Register();
        services.AddSingleton<IMongoClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MongoOptions>>().Value;
            var settings = MongoClientSettings.FromConnectionString(options.ConnectionString);
            settings.ServerSelectionTimeout = MongoTimeout;
            settings.ConnectTimeout = MongoTimeout;
            MongoFlavors.Apply(options.EffectiveFlavor, settings);
            return new MongoClient(settings);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MongoOptions>>().Value;
            return ThrottleRetrying.Wrap(sp.GetRequiredService<IMongoClient>().GetDatabase(options.Database),
                new ThrottleRetry(TimeSpan.FromSeconds(options.ThrottleRetrySeconds)));
        });

        services.AddSingleton(sp =>
        {
            var options = new BlobClientOptions();
            options.Retry.MaxRetries = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.Retry.Mode = RetryMode.Exponential;
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
            return new BlobServiceClient(sp.GetRequiredService<IOptions<BlobOptions>>().Value.ConnectionString, options);
        });
        services.AddSingleton(sp => sp.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(sp.GetRequiredService<IOptions<BlobOptions>>().Value.Container));

        services.AddSingleton<StorageReadiness>().AddSingleton<IndexRepairStore>().AddSingleton<UniqueIndexGuard>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    public static IServiceCollection AddStore<TStore>(this IServiceCollection services) where TStore : class
    {
        services.AddSingleton<TStore>();
        if (typeof(IHasUniqueIndexes).IsAssignableFrom(typeof(TStore)))
            services.AddSingleton(sp => (IHasUniqueIndexes)sp.GetRequiredService<TStore>());
        if (typeof(IHasIndexes).IsAssignableFrom(typeof(TStore)))
            services.AddSingleton(sp => (IHasIndexes)sp.GetRequiredService<TStore>());
        return services;
    }
}
