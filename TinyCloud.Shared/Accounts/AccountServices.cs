using Microsoft.Extensions.DependencyInjection;
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
            .Validate(o => o.DefaultQuotaMb >= 0, "Accounts:DefaultQuotaMb must not be negative.").ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration("Admin");
        services.AddOptions<LoginOptions>().BindConfiguration("Login")
            .Validate(o => o.FreeFailuresPerPair > 0 && o.FailuresPerAddress > 0 && o.FailuresPerAccount > 0,
                "Login: FreeFailuresPerPair, FailuresPerAddress and FailuresPerAccount must be positive.")
            .Validate(o => o.FirstBackoff > TimeSpan.Zero && o.MaxBackoff >= o.FirstBackoff && o.Window > TimeSpan.Zero,
                "Login: FirstBackoff and Window must be positive and MaxBackoff at least FirstBackoff.")
            .ValidateOnStart();
        services.AddStore<UserStore>().AddStore<LoginThrottle>().AddStore<SessionStore>();
        return services.AddSingleton<TokenService>();
    }
}
