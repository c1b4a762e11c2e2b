using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Sharing;

public static class SharingServices
{
    public static IServiceCollection AddSharing(this IServiceCollection services)
    {
        services.AddOptions<SharesOptions>().BindConfiguration("Shares")
            .Validate(o => o.SasLifetimeMinutes is >= 1 and <= SharesOptions.MaxSasLifetimeMinutes,
                $"Shares:SasLifetimeMinutes must be between 1 and {SharesOptions.MaxSasLifetimeMinutes}.")
            .ValidateOnStart();
        services.AddStore<ShareStore>();
        services.AddSingleton<ShareResolver>().AddSingleton<LinkGrants>();
        return services;
    }
}
