using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Mail;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Shared.Accounts;

public static class AccountServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration("Auth")
            .Validate(o => System.Text.Encoding.UTF8.GetByteCount(o.JwtSecret) >= 32,
                "Auth:JwtSecret is required and must be at least 32 bytes long.")
            .Validate(o => o.TokenLifetimeDays > 0, "Auth:TokenLifetimeDays must be positive.")
            .ValidateOnStart();
        services.AddOptions<AccountsOptions>().BindConfiguration("Accounts")
            .Validate(o => o.DefaultQuotaMb >= 0, "Accounts:DefaultQuotaMb must not be negative.")
            .Validate<IOptions<MailOptions>>((o, mail) => o.VerifyEmail != true || mail.Value.IsConfigured,
                "Accounts:VerifyEmail=true needs mail: set Mail:Host (and Mail:From, Mail:PublicBaseUrl).")
            .Validate(o => o.ResetLinkLifetime > TimeSpan.Zero && o.VerifyLinkLifetime > TimeSpan.Zero && o.ThrottleWindow > TimeSpan.Zero,
                "Accounts: ResetLinkLifetime, VerifyLinkLifetime and ThrottleWindow must be positive.")
            .Validate(o => o.MailRequestsPerAddress > 0 && o.MailRequestsPerAccount > 0,
                "Accounts: MailRequestsPerAddress and MailRequestsPerAccount must be positive.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration("Admin");
        services.AddOptions<LoginOptions>().BindConfiguration("Login")
            .Validate(o => o.FreeFailuresPerPair > 0 && o.FailuresPerAddress > 0 && o.FailuresPerAccount > 0,
                "Login: FreeFailuresPerPair, FailuresPerAddress and FailuresPerAccount must be positive.")
            .Validate(o => o.FirstBackoff > TimeSpan.Zero && o.MaxBackoff >= o.FirstBackoff && o.Window > TimeSpan.Zero,
                "Login: FirstBackoff and Window must be positive and MaxBackoff at least FirstBackoff.")
            .ValidateOnStart();
        services.AddMail();
        services.AddStore<UserStore>().AddStore<LoginThrottle>().AddStore<SessionStore>().AddStore<AccountTokens>().AddStore<AccountThrottle>()
            .AddStore<AccessTokens>().AddStore<SecondFactorLogins>();
        services.AddOptions<TwoFactorOptions>().BindConfiguration("TwoFactor")
            .Validate(o => !o.IsConfigured || Encoding.UTF8.GetByteCount(o.EncryptionKey) >= 32,
                "TwoFactor:EncryptionKey must be at least 32 bytes long (or unset: no two-factor sign-in).")
            .ValidateOnStart();
        services.AddSingleton<TwoFactorSecrets>().AddSingleton<TwoFactor>();
        services.AddSingleton<AccountMail>().AddSingleton<AccountCredentials>().AddSingleton<EmailVerification>();
        return services.AddSingleton<TokenService>();
    }
}
