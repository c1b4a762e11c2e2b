using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TinyCloud.Shared.Accounts;

/// <summary>Section <c>TwoFactor</c>: the key TOTP secrets are encrypted with (not the JWT secret). Unset: no two-factor sign-in.</summary>
public sealed class TwoFactorOptions
{
    public string EncryptionKey { get; set; } = "";

    public bool IsConfigured => EncryptionKey.Length > 0;
}

/// <summary>TOTP secrets at rest: AES-256-GCM under a key derived from <c>TwoFactor:EncryptionKey</c>, bound to the user.</summary>
public sealed class TwoFactorSecrets(IOptions<TwoFactorOptions> options)
{
    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("tinycloud-totp:" + options.Value.EncryptionKey));

    public string Seal(long userId, byte[] secret)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[secret.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, secret, cipher, tag, Associated(userId));
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public byte[] Open(long userId, string sealedSecret)
    {
        var bytes = Convert.FromBase64String(sealedSecret);
        var secret = new byte[bytes.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), secret, Associated(userId));
        return secret;
    }

    private static byte[] Associated(long userId) => Encoding.ASCII.GetBytes($"user:{userId}");
}
