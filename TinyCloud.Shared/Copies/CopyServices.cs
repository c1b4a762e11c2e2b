using Microsoft.Extensions.DependencyInjection;

namespace TinyCloud.Shared.Copies;

public static class CopyServices
{
    public static IServiceCollection AddCopies(this IServiceCollection services) => services.AddSingleton<EntryCopies>();
}
