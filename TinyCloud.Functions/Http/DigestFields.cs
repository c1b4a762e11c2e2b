namespace TinyCloud.Functions.Http;

/// <summary>
/// The integrity fields of RFC 9530: <c>Repr-Digest</c> and <c>Content-Digest</c> are dictionaries of algorithm to
/// byte sequence (<c>sha-256=:base64:</c>). Only sha-256 is read; other algorithms are ignored, as the RFC allows.
/// </summary>
public static class DigestFields
{
    public const string ReprDigest = "Repr-Digest";
    public const string ContentDigest = "Content-Digest";

    /// <summary>The field value announcing a SHA-256 given as lower-case hex.</summary>
    public static string Sha256Value(string hex) => $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(hex))}:";

    /// <summary>
    /// The sha-256 member of <paramref name="field"/> as lower-case hex: null when the field names no sha-256, an error
    /// message when it does but not as 32 bytes of base64 between colons.
    /// </summary>
    public static (string? Hex, string? Error) ReadSha256(string field)
    {
        foreach (var member in field.Split(','))
        {
            var eq = member.IndexOf('=');
            if (eq < 0 || !member[..eq].Trim().Equals("sha-256", StringComparison.OrdinalIgnoreCase))
                continue;
            var value = member[(eq + 1)..].Trim();
            // Parameters (";...") may follow the byte sequence.
            if (value.IndexOf(';') is var semi and > 0)
                value = value[..semi].TrimEnd();
            if (value.Length < 2 || value[0] != ':' || value[^1] != ':')
                return (null, "sha-256 must be a byte sequence: sha-256=:<base64 of the 32 bytes>:.");
            var bytes = new byte[32];
            if (!Convert.TryFromBase64String(value[1..^1], bytes, out var written) || written != 32)
                return (null, "sha-256 must be the base64 of exactly 32 bytes: sha-256=:<base64>:.");
            return (Convert.ToHexStringLower(bytes), null);
        }
        return (null, null);
    }
}
