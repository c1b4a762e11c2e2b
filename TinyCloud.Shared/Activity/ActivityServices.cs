using TinyCloud.Shared.Accounts;
using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Shared.Storage;
using TinyCloud.Shared.Webhooks;

namespace TinyCloud.Shared.Activity;

public static class ActivityServices
{
    public static IServiceCollection AddActivity(this IServiceCollection services)
    {
        services.AddOptions<ActivityOptions>().BindConfiguration("Activity")
            .Validate(o => o.RetentionDays is >= 1 and <= 3650, "Activity:RetentionDays must be 1–3650.")
            .Validate(o => System.Text.RegularExpressions.Regex.IsMatch(o.QueueName, "^[a-z0-9](?!.*--)[a-z0-9-]{1,55}[a-z0-9]$"),
                "Activity:QueueName must be 3–57 lower-case letters, digits and single hyphens (a Storage queue name; '-poison' is added to it).")
            .Validate(o => o.RedispatchAfterSeconds > 0 && o.FailureBurst > 0 && o.FailureBurstMinutes > 0 && o.LinkMailSeconds > 0,
                "Activity: RedispatchAfterSeconds, FailureBurst, FailureBurstMinutes and LinkMailSeconds must be positive.")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks")
            .Validate(o => !o.AllowLocalTargets || !WebhookOptions.RunsInAzure,
                "Webhooks:AllowLocalTargets is for local runs and tests only and is refused in Azure (WEBSITE_INSTANCE_ID is set).")
            .Validate(o => o.MaxPerUser is >= 1 and <= 100 && o.DisableAfterFailures >= 1 && o.DeliveryLogDays >= 1 && o.TimeoutSeconds is >= 1 and <= 60
                && o.MaxResponseBytes is >= 0 and <= 65536 && o.RetryDelays is not null,
                "Webhooks: MaxPerUser 1–100, DisableAfterFailures and DeliveryLogDays ≥ 1, TimeoutSeconds 1–60, MaxResponseBytes ≤ 65536, RetryDelaysSeconds comma-separated seconds, each at most 7 days.")
            .Validate(o => o.EncryptionKey.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(o.EncryptionKey) >= 32,
                "Webhooks:EncryptionKey, when set, must be at least 32 bytes.")
            .ValidateOnStart();
        services.AddStore<ActivityStore>().AddStore<WebhookStore>().AddStore<WebhookDeliveryLog>();
        services.AddSingleton<WebhookSecrets>().AddSingleton<DispatchFlags>().AddSingleton<EventQueue>().AddSingleton<ActivityLog>()
            .AddSingleton<IQuotaLineWatcher>(sp => sp.GetRequiredService<ActivityLog>()).AddSingleton<FailureBursts>().AddSingleton<NotificationSettings>()
            .AddSingleton<LinkMailWindows>().AddSingleton<ActivityMail>().AddSingleton<WebhookClient>().AddSingleton<WebhookDeliverer>()
            .AddSingleton<EventDispatcher>().AddSingleton<ActivityEraser>();
        return services;
    }
}

/// <summary>What an account's erasure takes of the activity side: its events, endpoints, delivery log and mail choices.</summary>
public sealed class ActivityEraser(
    ActivityStore events, WebhookStore webhooks, WebhookDeliveryLog deliveries, NotificationSettings settings, FailureBursts bursts, LinkMailWindows windows,
    DispatchFlags flags)
{
    public async Task EraseAsync(long userId, CancellationToken ct)
    {
        await webhooks.DeleteForUserAsync(userId, ct);
        await deliveries.DeleteForUserAsync(userId, ct);
        await events.DeleteForUserAsync(userId, ct);
        await settings.DeleteForUserAsync(userId, ct);
        await bursts.DeleteForUserAsync(userId, ct);
        await windows.DeleteForUserAsync(userId, ct);
        await flags.DeleteForUserAsync(userId, ct);
    }
}
