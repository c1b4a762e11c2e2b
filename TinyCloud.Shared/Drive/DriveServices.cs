using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Drive;

public static class DriveServices
{
    public static IServiceCollection AddDrive(this IServiceCollection services)
    {
        services.AddOptions<DriveOptions>().BindConfiguration("Drive")
            .Validate(o => o.MaxUploadMb > 0, "Drive:MaxUploadMb must be positive.")
            .Validate(o => o.MaxFolderDownloadMb > 0, "Drive:MaxFolderDownloadMb must be positive.")
            .Validate(o => o.DirectUploadMinutes > 0, "Drive:DirectUploadMinutes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SchemaSteps>().AddStore<EntryStore>().AddStore<TreeMigration>();
        services.AddSingleton<DriveTree>().AddSingleton<FolderWalk>().AddSingleton<DriveUsage>().AddSingleton<TreeLock>().AddSingleton<LeaseStore>();
        services.AddSingleton<QuotaStore>().AddSingleton<BlobNames>().AddSingleton<BlobFiles>();
        services.AddSingleton<DirectUploadBlobs>();
        return services;
    }
}
