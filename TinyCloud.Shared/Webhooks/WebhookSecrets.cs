using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;

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
    private readonly byte[]? _key = options.Value.EncryptionKey is { Length: > 0 } key ? Secrets.SealingKey("tinycloud-webhook-secret", key) : null;

    public string Seal(string webhookId, string secret) =>
        _key is null ? secret : Prefix + Secrets.Seal(_key, Encoding.UTF8.GetBytes(secret), Associated(webhookId));

    /// <summary>The secret to sign with; null when it is sealed and cannot be opened (the key is missing or changed).</summary>
    public string? Open(string webhookId, string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            return stored;
        if (_key is null)
            return null;
        try
        {
            return Encoding.UTF8.GetString(Secrets.Open(_key, stored[Prefix.Length..], Associated(webhookId)));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static string Associated(string webhookId) => "webhook:" + webhookId;
}
