namespace TinyCloud.Shared.Drive;

/// <summary>
/// The names an upload that must never overwrite tries, in order: <c>report.pdf</c>, <c>report (2).pdf</c>,
/// <c>report (3).pdf</c>, ... The number goes before the last extension; a name with no extension (or a dot file such as
/// <c>.env</c>) gets it at the end. Candidates that break the name rules (too long once numbered) are skipped.
/// </summary>
public static class NumberedNames
{
    public const int MaxTries = 100;
    public const int VisitorTries = 10;

    /// <summary>
    /// The first <see cref="VisitorTries"/> of <see cref="Candidates"/>, then a name with a random number: an upload
    /// through a link finds a free name whatever the folder holds, in a bounded number of tries, and a visitor cannot
    /// learn from a refusal that many like it are there.
    /// </summary>
    public static IEnumerable<string> ForVisitor(string name)
    {
        foreach (var candidate in Candidates(name).Take(VisitorTries))
            yield return candidate;
        var (stem, extension) = Split(name);
        var unique = $"{stem} ({Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}){extension}";
        if (DrivePath.CheckName(unique) is null)
            yield return unique;
    }

    public static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        var (stem, extension) = Split(name);
        for (var n = 2; n <= MaxTries; n++)
        {
            var candidate = $"{stem} ({n}){extension}";
            if (DrivePath.CheckName(candidate) is null)
                yield return candidate;
        }
    }

    private static (string Stem, string Extension) Split(string name) =>
        name.LastIndexOf('.') is var dot and > 0 ? (name[..dot], name[dot..]) : (name, "");
}
