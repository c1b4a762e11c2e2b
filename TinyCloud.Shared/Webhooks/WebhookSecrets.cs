using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TinyCloud.Shared.Webhooks;

/// <summary>
/// Signing secrets at rest. With <see cref="WebhookOptions.EncryptionKey"/> set, a secret is stored AES-256-GCM
/// encrypted under a key derived from it, bound to its endpoint's id (a sealed secret copied to another endpoint does
/// not open), as <c>sealed:v1:</c> + base64(nonce, tag, ciphertext). Without it, or for a secret stored before it was
/// set, the secret is stored and read as it is.
/// </summary>
public sealed class WebhookSecrets(IOptions<WebhookOptions> options)
{
    private const string Prefix = "sealed:v1:";
    private readonly byte[]? _key = options.Value.EncryptionKey is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes("tinycloud-webhook-secret:" + key))
        : null;

    public string Seal(string webhookId, string secret)
    {
        if (_key is null)
            return secret;
        var plain = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, cipher, tag, Associated(webhookId));
        return Prefix + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    /// <summary>The secret to sign with; null when it is sealed and cannot be opened (the key is missing or changed).</summary>
    public string? Open(string webhookId, string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            return stored;
        if (_key is null)
            return null;
        try
        {
            var bytes = Convert.FromBase64String(stored[Prefix.Length..]);
            var plain = new byte[bytes.Length - 28];
            using var aes = new AesGcm(_key, 16);
            aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain, Associated(webhookId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[] Associated(string webhookId) => Encoding.UTF8.GetBytes("webhook:" + webhookId);
}
