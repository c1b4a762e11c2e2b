using Microsoft.Extensions.DependencyInjection;

namespace TinyCloud.Shared.Trash;

public static class TrashServices
{
    public static IServiceCollection AddTrash(this IServiceCollection services)
    {
        services.AddOptions<TrashOptions>().BindConfiguration("Trash")
            .Validate(o => o.RetentionDays is > 0 and <= 3650, "Trash:RetentionDays must be between 1 and 3650.")
            .ValidateOnStart();
        return services.AddSingleton<TrashBin>().AddSingleton<TrashListing>();
    }
}
