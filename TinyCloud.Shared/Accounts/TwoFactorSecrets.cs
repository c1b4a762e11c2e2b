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
    private readonly byte[] _key = Secrets.SealingKey("tinycloud-totp", options.Value.EncryptionKey);

    public string Seal(long userId, byte[] secret) => Secrets.Seal(_key, secret, Associated(userId));

    public byte[] Open(long userId, string sealedSecret) => Secrets.Open(_key, sealedSecret, Associated(userId));

    private static string Associated(long userId) => $"user:{userId}";
}
