using System.Net.Mail;
using Microsoft.Extensions.DependencyInjection;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Mail;

public static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Mail")
            .Validate(o => !o.IsConfigured || o.Port is > 0 and < 65536, "Mail:Port must be a port number (587, 465, 25).")
            .Validate(o => !o.IsConfigured || MailAddress.TryCreate(o.From, out _),
                "Mail:From must be an email address (e.g. 'Tiny Cloud <no-reply@example.com>') when Mail:Host is set.")
            .Validate(o => !o.IsConfigured || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Mail:PublicBaseUrl must be the app's absolute http(s) address (links in mail point there) when Mail:Host is set.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 50 && o.FirstRetry > TimeSpan.Zero && o.TimeoutSeconds > 0,
                "Mail: MaxAttempts must be 1–50, FirstRetry and TimeoutSeconds positive.")
            .ValidateOnStart();
        return services.AddStore<MailOutbox>().AddSingleton<SmtpSender>().AddSingleton<MailDispatch>();
    }
}
