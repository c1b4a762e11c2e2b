namespace TinyCloud.Shared.Accounts;

public sealed class AuthOptions
{
    public string JwtSecret { get; set; } = "";
    public int TokenLifetimeDays { get; set; } = 30;
    public bool CookieSecure { get; set; } = true;
}

public sealed class AccountsOptions
{
    public long DefaultQuotaMb { get; set; } = 10000;
    public bool AutoVerify { get; set; } = true;
}

public sealed class AdminOptions
{
    public string? Key { get; set; }
}
