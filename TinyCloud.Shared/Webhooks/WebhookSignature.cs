using System.Security.Cryptography;
using System.Text;

namespace TinyCloud.Shared.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature: v1,{base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))}</c>, the
/// key being the base64 after <c>whsec_</c> in the secret.
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    public static Dictionary<string, string> Headers(string secret, string id, long timestamp, string body) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = Sign(secret, id, timestamp, body),
    };
}
