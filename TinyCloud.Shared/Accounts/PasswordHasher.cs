namespace TinyCloud.Shared.Accounts;

/// <summary>
/// bcrypt over a SHA-384 pre-hash (BCrypt.Net's "enhanced" mode), so passwords longer than bcrypt's
/// 72-byte limit are not silently truncated.
/// </summary>
public static class PasswordHasher
{
    public const int WorkFactor = 11;

    // Verified against when the email is unknown, so a wrong email costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => Hash("not-a-real-password"));

    public static string Hash(string password) =>
        BCrypt.Net.BCrypt.EnhancedHashPassword(password, BCrypt.Net.HashType.SHA384, WorkFactor);

    public static bool Verify(string password, string? hash) =>
        BCrypt.Net.BCrypt.EnhancedVerify(password, hash ?? DummyHash.Value, BCrypt.Net.HashType.SHA384) && hash is not null;
}
