namespace TinyCloud.Shared.Drive;

/// <summary>
/// The names an upload that must never overwrite tries, in order: <c>report.pdf</c>, <c>report (2).pdf</c>,
/// <c>report (3).pdf</c>, ... The number goes before the last extension; a name with no extension (or a dot file such as
/// <c>.env</c>) gets it at the end. Candidates that break the name rules (too long once numbered) are skipped.
/// </summary>
public static class NumberedNames
{
    public const int MaxTries = 100;

    public static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        var dot = name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        for (var n = 2; n <= MaxTries; n++)
        {
            var candidate = $"{stem} ({n}){extension}";
            if (DrivePath.CheckName(candidate) is null)
                yield return candidate;
        }
    }
}
