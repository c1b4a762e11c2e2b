using Microsoft.Extensions.DependencyInjection;

namespace TinyCloud.Shared.Versions;

public static class VersionServices
{
    public static IServiceCollection AddVersions(this IServiceCollection services) => services.AddSingleton<FileVersions>();
}
