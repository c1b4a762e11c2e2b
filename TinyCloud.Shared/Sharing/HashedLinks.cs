using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace TinyCloud.Shared.Sharing;

/// <summary>Public link tokens: 192 bits from the OS's cryptographic RNG, written as 32 base64url characters.</summary>
public static class HashedLinks
{
    public const int RandomBytes = 24;
    public const int Length = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>Whether a string could be a link at all, checked before it reaches a query.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? link) =>
        link is { Length: Length } && link.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
