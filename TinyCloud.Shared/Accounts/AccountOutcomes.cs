namespace TinyCloud.Shared.Accounts;

public enum CredentialProblem
{
    None,
    /// <summary>The current password (change, delete) did not match.</summary>
    WrongPassword,
    /// <summary>Too many attempts: wait <see cref="CredentialOutcome.RetryAfter"/>.</summary>
    Throttled,
    /// <summary>The password changed (or the account was deleted) while the request ran.</summary>
    Changed,
    /// <summary>The mailed token is unknown, used, expired or no longer matches the account.</summary>
    InvalidToken,
    /// <summary>No mail is configured, so nothing can be mailed.</summary>
    MailOff,
    /// <summary>The email is verified already.</summary>
    AlreadyVerified,
}

/// <summary>What a credential change did: the user after it, or why it did not happen (and how long to wait when throttled).</summary>
public sealed record CredentialOutcome(UserDocument? User, CredentialProblem Problem, TimeSpan RetryAfter = default)
{
    public static readonly CredentialOutcome Done = new(null, CredentialProblem.None);

    public static CredentialOutcome Failed(CredentialProblem problem) => new(null, problem);

    public static CredentialOutcome Wait(TimeSpan wait) => new(null, CredentialProblem.Throttled, wait);
}
