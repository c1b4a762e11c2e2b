using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Sharing;

public static class SharingServices
{
    public static IServiceCollection AddSharing(this IServiceCollection services)
    {
        services.AddOptions<SharesOptions>().BindConfiguration("Shares")
            .Validate(o => o.SasLifetimeMinutes is >= 1 and <= SharesOptions.MaxSasLifetimeMinutes,
                $"Shares:SasLifetimeMinutes must be between 1 and {SharesOptions.MaxSasLifetimeMinutes}.")
            .Validate(o => o.RequestsPerAddressPerMinute >= 1 && o.RequestsPerLinkPerMinute >= 1 && o.MaxOpenUploadsPerLink >= 1,
                "Shares:RequestsPerAddressPerMinute, Shares:RequestsPerLinkPerMinute and Shares:MaxOpenUploadsPerLink must be at least 1.")
            .ValidateOnStart();
        services.AddStore<ShareStore>().AddStore<LinkThrottle>().AddStore<LinkPasswordThrottle>();
        services.AddSingleton<ShareResolver>().AddSingleton<LinkGrants>();
        return services;
    }
}
