using Microsoft.Extensions.DependencyInjection;

namespace TinyCloud.Shared.Uploads;

public static class UploadServices
{
    public static IServiceCollection AddUploads(this IServiceCollection services) =>
        services.AddSingleton<PendingUploads>().AddSingleton<ReadyFiles>().AddSingleton<FileUploads>().AddSingleton<OversizedUploads>();
}
