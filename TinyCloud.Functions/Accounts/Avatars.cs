namespace TinyCloud.Functions.Accounts;

/// <summary>What an avatar may be: the image type is read from the bytes, never from the header.</summary>
public static class Avatars
{
    public const int MaxBytes = 1024 * 1024;

    public const string DefaultSvg =
        """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#cfd8dc"/><circle cx="32" cy="24" r="12" fill="#90a4ae"/><path d="M10 60c2-14 12-20 22-20s20 6 22 20z" fill="#90a4ae"/></svg>""";

    public static string? DetectImageType(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x47, 0x49, 0x46, 0x38, 0x37 or 0x39, 0x61, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };
}
