using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Shared.Sharing;

/// <summary>
/// What a visitor gets for a link's right password: a grant, <c>{share id}.{password version}.{expiry}.{HMAC}</c>,
/// under a key derived from Auth:JwtSecret. It opens that one share only, until it expires or the password changes
/// (which raises the version). The same key signs the upload ids an upload-only link hands out, so a visitor can only
/// complete or abort the uploads that link began.
/// </summary>
public sealed class LinkGrants(IOptions<AuthOptions> auth)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.JwtSecret), "tinycloud link grants"u8);

    public (string Grant, DateTime ExpiresAt) Issue(ShareDocument share, DateTime now)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(now).ToUnixTimeSeconds() + (long)Lifetime.TotalSeconds);
        var body = string.Create(CultureInfo.InvariantCulture, $"{share.Id}.{share.PasswordVersion}.{expires.ToUnixTimeSeconds()}");
        return ($"{body}.{Sign("grant", body)}", expires.UtcDateTime);
    }

    /// <summary>Whether <paramref name="grant"/> was issued for this share under its current password and is still valid.</summary>
    public bool Opens(string? grant, ShareDocument share, DateTime now)
    {
        if (grant is not { Length: > 0 and < 200 } || grant.Split('.') is not [var id, var version, var expiry, var signature])
            return false;
        return id == share.Id.ToString() && version == share.PasswordVersion.ToString(CultureInfo.InvariantCulture)
            && long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253402300799)).UtcDateTime > now
            && Matches(signature, Sign("grant", $"{id}.{version}.{expiry}"));
    }

    /// <summary>The upload id a link hands out for a direct upload it began: the entry's id, signed with the share's.</summary>
    public string UploadId(ShareDocument share, ObjectId entryId) => $"{entryId}.{Sign("upload", $"{share.Id}.{entryId}")}";

    /// <summary>The entry behind an upload id this share handed out, or null for any other string.</summary>
    public ObjectId? ReadUploadId(string? uploadId, ShareDocument share) =>
        uploadId is { Length: < 200 } && uploadId.Split('.') is [var id, var signature] && ObjectId.TryParse(id, out var entryId)
        && Matches(signature, Sign("upload", $"{share.Id}.{entryId}"))
            ? entryId
            : null;

    private string Sign(string purpose, string body) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}|{body}")));

    private static bool Matches(string supplied, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(supplied), Encoding.UTF8.GetBytes(expected));
}
