using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Maintenance;

public static class CleanupServices
{
    public static IServiceCollection AddCleanup(this IServiceCollection services)
    {
        services.AddOptions<TemporaryOptions>().BindConfiguration("Temporary")
            .Validate(o => o.RetentionHours > 0, "Temporary:RetentionHours must be positive.")
            .ValidateOnStart();
        services.AddOptions<CleanupOptions>().BindConfiguration("Cleanup")
            .Validate(o => o.TryParseSchedule() is not null,
                "Cleanup:Schedule must be an NCRONTAB expression with six fields (seconds first), e.g. '0 0 * * * *'.")
            .Validate(o => o.OrphanGraceMinutes > 0, "Cleanup:OrphanGraceMinutes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<QuotaDriftStore>().AddSingleton<DriveAudit>().AddSingleton<TreeRepair>();
        services.AddSingleton<PendingReclaim>().AddSingleton<TemporaryPurge>().AddSingleton<OrphanSweep>().AddSingleton<UploadContainerSweep>()
            .AddSingleton<QuotaReconciler>().AddSingleton<ExpiredShares>().AddSingleton<CleanupJob>();
        return services;
    }
}
