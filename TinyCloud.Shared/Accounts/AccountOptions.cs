namespace TinyCloud.Shared.Accounts;

public sealed class AuthOptions
{
    public string JwtSecret { get; set; } = "";
    public int TokenLifetimeDays { get; set; } = 30;
    public bool CookieSecure { get; set; } = true;

    /// <summary>
    /// For the original web client's log-out (<c>document.cookie = "a-token=; max-age=0"</c>): a browser's login sets
    /// a script-visible <c>a-token</c> marker and keeps the token in the HttpOnly <c>a-token-httponly</c>; a request
    /// carrying the token without its marker is logged out.
    /// </summary>
    public bool LegacyScriptCookie { get; set; }
}

public sealed class AccountsOptions
{
    public long DefaultQuotaMb { get; set; } = 10000;
    /// <summary>Admin verification (the original's <c>verified</c>): false = new users wait for verify-user.</summary>
    public bool AutoVerify { get; set; } = true;
    /// <summary>Register mails a link that marks the email verified; unset = on when mail is configured.</summary>
    public bool? VerifyEmail { get; set; }
    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan VerifyLinkLifetime { get; set; } = TimeSpan.FromDays(2);
    /// <summary>Requests of one mailing or token route (reset, resend, register attempts) per client address, per window.</summary>
    public int MailRequestsPerAddress { get; set; } = 20;
    /// <summary>Requests of one mailing or token route per account (email or user), per window: the owner's inbox is not a target.</summary>
    public int MailRequestsPerAccount { get; set; } = 5;
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromHours(1);
}

public sealed class AdminOptions
{
    public string? Key { get; set; }
}

/// <summary>The login throttle's limits (section <c>Login</c>); README "Security model" explains the choice.</summary>
public sealed class LoginOptions
{
    /// <summary>Failures per email and client address before back-off starts.</summary>
    public int FreeFailuresPerPair { get; set; } = 5;
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a pair's count is remembered after its last back-off.</summary>
    public TimeSpan PairMemory { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Failures per client address over all emails, per window.</summary>
    public int FailuresPerAddress { get; set; } = 30;
    /// <summary>Failures per email from all addresses, per window: high, so a few addresses cannot lock the owner out.</summary>
    public int FailuresPerAccount { get; set; } = 100;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
