using System.Text;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// The path rules, in one place: absolute, '/'-separated, NFC-normalized; each segment 1–255 UTF-8 bytes,
/// without '/', '\', control characters, noncharacters or invisible bidi and zero-width characters (see
/// <see cref="NameText"/>), and not '.' or '..'. The root is "/".
/// </summary>
public static class DrivePath
{
    public const string Root = "/";
    public const int MaxSegmentBytes = 255;
    public const int MaxPathBytes = 4096;

    /// <summary>The normalized path, or the rule it breaks.</summary>
    public static (string? Path, string? Error) Normalize(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
            return (null, "A path is required.");
        if (!NameText.IsWellFormed(raw))
            return (null, NameText.BrokenUnicodeRule);
        if (raw[0] != '/')
            return (null, $"The path '{raw}' must be absolute (start with '/').");
        if (!raw.IsNormalized(NormalizationForm.FormC))
            raw = raw.Normalize(NormalizationForm.FormC);
        if (raw == Root)
            return (Root, null);
        if (raw.EndsWith('/'))
            return (null, "A path must not end with '/'.");
        if (Encoding.UTF8.GetByteCount(raw) > MaxPathBytes)
            return (null, $"A path may be at most {MaxPathBytes} bytes long.");
        foreach (var segment in raw[1..].Split('/'))
        {
            if (CheckName(segment) is { } error)
                return (null, error);
        }
        return (raw, null);
    }

    /// <summary>Null when <paramref name="name"/> is a valid single path segment, else the rule it breaks.</summary>
    public static string? CheckName(string name)
    {
        if (name.Length == 0)
            return "A path must not contain empty segments ('//').";
        if (name is "." or "..")
            return "'.' and '..' are not allowed as names.";
        if (name.Contains('\\'))
            return "Names must not contain '\\'.";
        if (name.Contains('/'))
            return "Names must not contain '/'.";
        if (!NameText.IsWellFormed(name))
            return NameText.BrokenUnicodeRule;
        if (name.Any(char.IsControl))
            return "Names must not contain control characters.";
        if (NameText.HasInvisible(name))
            return NameText.InvisibleRule;
        if (Encoding.UTF8.GetByteCount(name) > MaxSegmentBytes)
            return $"A name may be at most {MaxSegmentBytes} UTF-8 bytes long.";
        return null;
    }

    public static string Parent(string path) =>
        path == Root ? Root : path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : Root;

    public static string Name(string path) => path == Root ? "" : path[(path.LastIndexOf('/') + 1)..];

    public static string Combine(string parent, string name) => parent == Root ? "/" + name : parent + "/" + name;

    public static bool IsSameOrInside(string path, string ancestor) =>
        path == ancestor || ancestor == Root || path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    /// <summary>Moves <paramref name="path"/> (at or inside <paramref name="from"/>) to the same place under <paramref name="to"/>.</summary>
    public static string Rebase(string path, string from, string to) => path == from ? to : Combine(to, path[(from.Length + 1)..]);
}
