using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TinyCloud.Shared.Accounts;

/// <summary>Secrets handed out once and kept only as their hash: session ids, mailed tokens, access tokens, second login steps.</summary>
public static class Secrets
{
    /// <summary><paramref name="bytes"/> from the cryptographic RNG, base64url without padding.</summary>
    public static string New(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>The lower-case hex SHA-256 of a secret: what is stored in its place.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
