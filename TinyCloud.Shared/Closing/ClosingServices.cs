using Microsoft.Extensions.DependencyInjection;

namespace TinyCloud.Shared.Closing;

public static class ClosingServices
{
    public static IServiceCollection AddClosing(this IServiceCollection services) =>
        services.AddSingleton<AccountEraser>().AddSingleton<AccountCloser>();
}
