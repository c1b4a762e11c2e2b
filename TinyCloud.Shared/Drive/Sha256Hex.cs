namespace TinyCloud.Shared.Drive;

/// <summary>A SHA-256 as clients send it in JSON and as entries store it: 64 hex digits, stored lower-case.</summary>
public static class Sha256Hex
{
    public const int Length = 64;

    /// <summary>The lower-case form of <paramref name="value"/>, or null when it is not 64 hex digits.</summary>
    public static string? Normalize(string? value) =>
        value is { Length: Length } && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;

    /// <summary>The 32 bytes of a stored hex SHA-256.</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);
}
