using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TinyCloud.Shared.Accounts;

/// <summary>
/// Secrets handed out once and kept only as their hash (session ids, mailed tokens, access tokens, second login steps),
/// and the few kept sealed because they must be used again (<see cref="Seal"/>).
/// </summary>
public static class Secrets
{
    /// <summary><paramref name="bytes"/> from the cryptographic RNG, base64url without padding.</summary>
    public static string New(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>The lower-case hex SHA-256 of a secret: what is stored in its place.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A 256-bit key for <see cref="Seal"/>, derived from a configured one for one purpose.</summary>
    public static byte[] SealingKey(string purpose, string configured) => SHA256.HashData(Encoding.UTF8.GetBytes(purpose + ":" + configured));

    /// <summary>
    /// A secret kept at rest because it must be used again (TOTP secrets, webhook signing secrets): AES-256-GCM under
    /// <paramref name="key"/>, bound to <paramref name="associated"/> (its owner), as base64(nonce, tag, ciphertext).
    /// </summary>
    public static string Seal(byte[] key, byte[] secret, string associated)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[secret.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, secret, cipher, tag, Encoding.UTF8.GetBytes(associated));
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    /// <summary>What <see cref="Seal"/> sealed; throws <see cref="CryptographicException"/> for another key or owner.</summary>
    public static byte[] Open(byte[] key, string sealedSecret, string associated)
    {
        var bytes = Convert.FromBase64String(sealedSecret);
        var secret = new byte[bytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), secret, Encoding.UTF8.GetBytes(associated));
        return secret;
    }
}
