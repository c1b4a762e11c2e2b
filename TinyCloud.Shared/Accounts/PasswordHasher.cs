namespace TinyCloud.Shared.Accounts;

/// <summary>
/// bcrypt over a SHA-384 pre-hash (BCrypt.Net's "enhanced" mode), so passwords longer than bcrypt's
/// 72-byte limit are not silently truncated.
/// </summary>
public static class PasswordHasher
{
    public const int WorkFactor = 11;
    public const int MinLength = 8;
    public const int MaxLength = 128;

    // Verified against when the email is unknown, so a wrong email costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => Hash("not-a-real-password"));

    public static string Hash(string password) =>
        BCrypt.Net.BCrypt.EnhancedHashPassword(password, BCrypt.Net.HashType.SHA384, WorkFactor);

    /// <summary>False for a missing or non-bcrypt hash (an account held without a password), after the same work.</summary>
    public static bool Verify(string password, string? hash)
    {
        var usable = hash is not null && hash.StartsWith("$2", StringComparison.Ordinal);
        return BCrypt.Net.BCrypt.EnhancedVerify(password, usable ? hash : DummyHash.Value, BCrypt.Net.HashType.SHA384) && usable;
    }
}
