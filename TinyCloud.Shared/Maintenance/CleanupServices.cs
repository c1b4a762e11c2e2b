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
            .Validate(o => o.MaxRequestUnitsPerRun is null or > 0, "Cleanup:MaxRequestUnitsPerRun must be positive.")
            .Validate(o => o.RequestUnitsPerSecond is null or >= 0, "Cleanup:RequestUnitsPerSecond must not be negative (0 = no pacing).")
            .Validate(o => o.MaxRunSeconds > 0, "Cleanup:MaxRunSeconds must be positive.")
            .Validate(o => o.AuditUsersPerRun is >= 1 and <= 10_000, "Cleanup:AuditUsersPerRun must be between 1 and 10000.")
            .ValidateOnStart();
        services.AddSingleton<QuotaDriftStore>().AddSingleton<CleanupCursors>().AddSingleton<DriveAudit>().AddSingleton<TreeRepair>();
        services.AddSingleton<PendingReclaim>().AddSingleton<TemporaryPurge>().AddSingleton<OrphanSweep>().AddSingleton<UploadContainerSweep>()
            .AddSingleton<QuotaReconciler>().AddSingleton<ExpiredShares>().AddSingleton<TrashPurge>().AddSingleton<VersionPrune>().AddSingleton<BitRotCheck>().AddSingleton<ClosedAccounts>().AddSingleton<CleanupJob>();
        return services;
    }
}
