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
    /// <summary>The most segments a path has: nothing deeper can be created, so everything created can be reached.</summary>
    public const int MaxDepth = 256;

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
        var segments = raw[1..].Split('/');
        if (segments.Length > MaxDepth)
            return (null, DepthRule);
        foreach (var segment in segments)
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

    public const string DepthRule = "Folders may be nested at most 256 levels deep (a path has at most 256 segments).";

    /// <summary>
    /// Null when <paramref name="name"/> may be given to something new, else the rule it breaks: a valid segment that is
    /// not only spaces and does not end in a space or a dot (Windows and zip tools drop those, so such a file would
    /// come back under another name). Existing names keep working whatever they are.
    /// </summary>
    public static string? CheckNewName(string name)
    {
        if (CheckName(name) is { } rule)
            return rule;
        if (name.Trim().Length == 0)
            return "A name must not be only spaces.";
        return name[^1] is ' ' or '.' ? "A name must not end with a space or a dot." : null;
    }

    public static int Depth(string path) => path == Root ? 0 : path.Count(c => c == '/');

    public static string Parent(string path) =>
        path == Root ? Root : path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : Root;

    public static string Name(string path) => path == Root ? "" : path[(path.LastIndexOf('/') + 1)..];

    public static string Combine(string parent, string name) => parent == Root ? "/" + name : parent + "/" + name;

    public static bool IsSameOrInside(string path, string ancestor) =>
        path == ancestor || ancestor == Root || path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    /// <summary>Moves <paramref name="path"/> (at or inside <paramref name="from"/>) to the same place under <paramref name="to"/>.</summary>
    public static string Rebase(string path, string from, string to) => path == from ? to : Combine(to, path[(from.Length + 1)..]);
}
