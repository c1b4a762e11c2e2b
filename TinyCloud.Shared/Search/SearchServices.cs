using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Search;

public static class SearchServices
{
    /// <summary>Search by name over the drive; its backfill runs after the drive's own schema steps (register after AddDrive).</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services) =>
        services.AddStore<SearchBackfill>().AddSingleton<DriveSearch>();
}
