using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// How blobs are named. A name never shows the user id, because share links redirect to it: a user's blobs live
/// under an opaque tag, <c>u{tag}/{guid}</c>, where the tag is an HMAC of the user id (under a key derived from
/// Auth:JwtSecret), so it groups one user's bytes without telling who they are. A direct upload is staged in a
/// container of its own, <c>up-{tag}-{guid}</c>, deleted once the upload is completed or aborted. Blobs named
/// <c>{user_id}/{guid}</c> by older versions keep their names and keep working.
/// </summary>
public sealed partial class BlobNames(IOptions<AuthOptions> auth)
{
    /// <summary>The one blob inside a staging container.</summary>
    public const string StagedBlob = "file";

    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.JwtSecret), "tinycloud blob names"u8);

    /// <summary>Where every blob of this user named by this version lives: <c>u{tag}/</c>.</summary>
    public string UserPrefix(long userId) => $"u{Tag(userId)}/";

    public string NewFile(long userId) => $"{UserPrefix(userId)}{Guid.NewGuid():N}";

    /// <summary>The prefix of this user's staging containers: <c>up-{tag}-</c>.</summary>
    public string StagingPrefix(long userId) => $"up-{Tag(userId)}-";

    public string NewStaging(long userId) => $"{StagingPrefix(userId)}{Guid.NewGuid():N}";

    /// <summary>True for a staging container's name (what a pending direct upload's entry holds as its blob).</summary>
    public static bool IsStaging(string name) => StagingName().IsMatch(name);

    /// <summary>The names the orphan sweep may judge: user bytes of this version and of older ones, and avatars.</summary>
    public static bool IsUserBlob(string name) => UserBlobName().IsMatch(name);

    private string Tag(long userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(userId.ToString(CultureInfo.InvariantCulture))).AsSpan(0, 12));

    [GeneratedRegex(@"\Aup-[0-9a-f]{24}-[0-9a-f]{32}\z")]
    private static partial Regex StagingName();

    [GeneratedRegex(@"\A(\d+|u[0-9a-f]{24})/")]
    private static partial Regex UserBlobName();
}
