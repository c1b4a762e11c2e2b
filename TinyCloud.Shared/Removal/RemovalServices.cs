using Microsoft.Extensions.DependencyInjection;

namespace TinyCloud.Shared.Removal;

public static class RemovalServices
{
    public static IServiceCollection AddRemoval(this IServiceCollection services) => services.AddSingleton<EntryRemover>().AddSingleton<BlobDeletions>();
}
